package dev.synthmix.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.dedup.DupResult;
import dev.synthmix.pipeline.dedup.NearDuplicates;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.DupClusters;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.RunsTable;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticIngestTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));

  @TempDir Path tmp;
  DeltaStore store;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @BeforeEach
  void realCorpus() throws IOException {
    store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toUri().toString().replaceFirst("^file:///", "file:/"));
    Path real = tmp.resolve("real.jsonl");
    Files.writeString(real, "{\"id\":\"r1\",\"text\":\"the real first passage\",\"category\":\"a\"}\n"
        + "{\"id\":\"r2\",\"text\":\"the real second passage\",\"category\":\"b\"}\n");
    RealIngest.run(store, SETTINGS, List.of(SourceSpec.of("real", Format.JSONL, List.of(real.toString()))), TestRuns.ledger("real-run"));
  }

  /** Writes a set folder with data.jsonl and a manifest (HOCON) and returns the manifest path. */
  private String set(String name, String manifest) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("data.jsonl"),
        "{\"id\":\"" + name + "-1\",\"text\":\"a synthetic passage one\",\"category\":\"a\",\"seed_doc_ids\":[\"real:r1\"]}\n"
            + "{\"id\":\"" + name + "-2\",\"text\":\"a synthetic passage two\",\"category\":\"b\",\"prompt_id\":\"p-override\"}\n");
    Path m = dir.resolve("manifest.conf");
    Files.writeString(m, manifest);
    return m.toString();
  }

  static String manifest(String setId, int depth, String seedTable, long seedVersion, String parent, String drop) {
    String m = "set-id = " + setId + "\n"
        + "generator { name = markov, model = word-markov-chain, version = \"1.0\", parameters { order = 2, seed = 42 } }\n"
        + "prompt { template-id = chain, template-hash = \"sha256:abc\" }\n"
        + "seed { table = " + seedTable + ", version = " + seedVersion + " }\n"
        + "depth = " + depth + "\n"
        + (parent == null ? "" : "parent-set = " + parent + "\n")
        + "generation { run-id = gen-1, generated-at = \"2026-01-02T03:04:05Z\" }\n"
        + "data { path = data.jsonl }\n";
    return drop == null ? m : m.replaceAll("(?m)^.*" + drop + ".*$", "");
  }

  private IngestResult ingest(String manifestPath, RunLedger ledger) {
    Manifest m = ManifestReader.read(manifestPath, SPARK.spark().sparkContext().hadoopConfiguration(), false);
    return SyntheticIngest.run(store, SETTINGS, m, List.of(), null, ledger);
  }

  @Test
  void rowsCarryLineageAndCommitsCarryTheGenerator() throws IOException {
    long realVersion = store.version(Documents.REAL_TABLE).orElseThrow();
    RunLedger ledger = TestRuns.ledger("syn-run");
    IngestResult r = ingest(set("s1", manifest("s1", 1, "docs_real", realVersion, null, null)), ledger);

    assertThat(r.written()).isEqualTo(2);
    Row one = store.read(Documents.SYNTHETIC_TABLE).where("doc_id = 's1:s1-1'").first();
    Row lineage = one.getStruct(one.fieldIndex(Documents.LINEAGE));
    Row generator = lineage.getStruct(lineage.fieldIndex(LineageColumns.GENERATOR));
    assertThat(generator.<String>getAs(LineageColumns.GENERATOR_NAME)).isEqualTo("markov");
    assertThat(generator.<String>getAs(LineageColumns.GENERATOR_MODEL)).isEqualTo("word-markov-chain");
    assertThat(generator.getJavaMap(generator.fieldIndex(LineageColumns.GENERATOR_PARAMETERS))).containsEntry("order", "2");
    assertThat(lineage.<String>getAs(LineageColumns.SEED_TABLE)).isEqualTo("docs_real");
    assertThat(lineage.<Long>getAs(LineageColumns.SEED_VERSION)).isEqualTo(realVersion);
    assertThat(lineage.<Integer>getAs(LineageColumns.DEPTH)).isEqualTo(1);
    assertThat(lineage.<String>getAs(LineageColumns.SET_ID)).isEqualTo("s1");
    assertThat(lineage.<String>getAs(LineageColumns.PROMPT_ID)).isEqualTo("chain");
    assertThat(lineage.getList(lineage.fieldIndex(LineageColumns.SEED_DOC_IDS))).containsExactly("real:r1");
    Row two = store.read(Documents.SYNTHETIC_TABLE).where("doc_id = 's1:s1-2'").first();
    assertThat(two.getStruct(two.fieldIndex(Documents.LINEAGE)).<String>getAs(LineageColumns.PROMPT_ID))
        .as("a record's own prompt id wins").isEqualTo("p-override");

    Row commit = store.history(Documents.SYNTHETIC_TABLE).where("operation = 'MERGE'").first();
    assertThat(commit.<String>getAs("userMetadata")).contains("\"run_id\":\"syn-run\"").contains("\"generators\":[\"markov\"]")
        .contains("\"input_versions\":{\"docs_real\":" + realVersion + "}")
        .contains("\"set_id\":\"s1\"").contains("\"generator\":{").contains("\"depth\":1");
    assertThat(store.properties(Documents.SYNTHETIC_TABLE)).containsEntry("synthmix.generators", "markov")
        .containsEntry("synthmix.table", "docs_synthetic");

    var mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), store.read(Documents.SYNTHETIC_TABLE));
    assertThat(mix.where("origin = 'synthetic' and generator = 'markov' and depth = 1").count()).isEqualTo(2);
    assertThat(mix.where("origin = 'real' and generator is null and depth = 0").count()).isEqualTo(2);
  }

  @Test
  void aVerbatimCopyCarryingItsSeedsIdIsAnExactSyntheticToRealPairAndOneCluster() throws IOException {
    long realVersion = store.version(Documents.REAL_TABLE).orElseThrow();
    Path dir = Files.createDirectories(tmp.resolve("copy"));
    // The generator reused its seed passage's id: r1 is both a real and a synthetic input id.
    Files.writeString(dir.resolve("data.jsonl"),
        "{\"id\":\"r1\",\"text\":\"the real first passage\",\"category\":\"a\",\"seed_doc_ids\":[\"real:r1\"]}\n"
            + "{\"id\":\"r2\",\"text\":\"an unrelated synthetic passage\",\"category\":\"b\"}\n");
    Path m = dir.resolve("manifest.conf");
    Files.writeString(m, manifest("copy", 1, "docs_real", realVersion, null, null));
    ingest(m.toString(), TestRuns.ledger("copy-run"));

    var mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), store.read(Documents.SYNTHETIC_TABLE));
    assertThat(mix.select(Documents.DOC_ID).distinct().count()).as("doc_id unique across the mix").isEqualTo(mix.count());
    Row seed = store.read(Documents.SYNTHETIC_TABLE).where("doc_id = 'copy:r1'").first();
    String seedId = seed.getStruct(seed.fieldIndex(Documents.LINEAGE)).<String>getList(
        seed.getStruct(seed.fieldIndex(Documents.LINEAGE)).fieldIndex(LineageColumns.SEED_DOC_IDS)).get(0);
    assertThat(store.read(Documents.REAL_TABLE).where(functions.col(Documents.DOC_ID).equalTo(seedId)).count())
        .as("seed_doc_ids name real documents by their keys").isEqualTo(1);

    DupResult dups = NearDuplicates.find(mix, DedupSettings.defaults());

    List<Row> pairs = dups.pairs().collectAsList();
    assertThat(pairs).as("one pair, not multiplied by a shared id").hasSize(1);
    Row p = pairs.get(0);
    assertThat(List.of(p.getAs(DupPairs.DOC_ID_A), p.getAs(DupPairs.DOC_ID_B), p.getAs(DupPairs.KIND), p.getAs(DupPairs.SCOPE)))
        .containsExactly("copy:r1", "real:r1", DupPairs.KIND_EXACT, DupPairs.SCOPE_SYNTHETIC_REAL);
    List<Row> clusters = dups.clusters().collectAsList();
    assertThat(clusters).extracting(c -> c.<String>getAs(DupClusters.DOC_ID)).containsExactlyInAnyOrder("real:r1", "copy:r1");
    assertThat(clusters).extracting(c -> c.<String>getAs(DupClusters.CLUSTER_ID)).containsOnly("copy:r1");
    assertThat(clusters).extracting(c -> c.<Long>getAs(DupClusters.CLUSTER_SIZE)).containsOnly(2L);
  }

  @Test
  void reingestingTheSameSetChangesNothingAndDepthChainsAreChecked() throws IOException {
    long realVersion = store.version(Documents.REAL_TABLE).orElseThrow();
    String m1 = set("s1", manifest("s1", 1, "docs_real", realVersion, null, null));
    ingest(m1, TestRuns.ledger("a"));
    var before = store.read(Documents.SYNTHETIC_TABLE).collectAsList();
    IngestResult again = ingest(m1, TestRuns.ledger("b"));
    assertThat(again.inserted()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(store.read(Documents.SYNTHETIC_TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(before);

    long synVersion = store.version(Documents.SYNTHETIC_TABLE).orElseThrow();
    IngestResult d2 = ingest(set("s2", manifest("s2", 2, "docs_synthetic", synVersion, "s1", null)), TestRuns.ledger("c"));
    assertThat(d2.written()).isEqualTo(2);
    assertRefused(set("s3", manifest("s3", 3, "docs_synthetic", synVersion, "s1", null)), "'depth' is 3 but parent set 's1' has depth 1");
    assertRefused(set("s4", manifest("s4", 2, "docs_synthetic", synVersion, "nope", null)), "'parent-set' names 'nope'");
  }

  private void assertRefused(String manifestPath, String message) {
    Map<String, Optional<Long>> versions = Map.of(
        Documents.REAL_TABLE, store.version(Documents.REAL_TABLE),
        Documents.SYNTHETIC_TABLE, store.version(Documents.SYNTHETIC_TABLE),
        "quarantine", store.version("quarantine"));
    assertThatThrownBy(() -> ingest(manifestPath, TestRuns.ledger("refused")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("Nothing was written")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(Map.of(
        Documents.REAL_TABLE, store.version(Documents.REAL_TABLE),
        Documents.SYNTHETIC_TABLE, store.version(Documents.SYNTHETIC_TABLE),
        "quarantine", store.version("quarantine"))).as("no table version changed").isEqualTo(versions);
  }

  @Test
  void everyMissingOrInvalidManifestFieldIsRefusedNamingIt() throws IOException {
    long v = store.version(Documents.REAL_TABLE).orElseThrow();
    assertRefused(set("m1", manifest("m1", 1, "docs_real", v, null, "generator \\{")), "'generator.name' is missing");
    assertRefused(set("m2", manifest("m2", 1, "docs_real", v, null, null).replace("model = word-markov-chain, ", "")),
        "'generator.model' is missing");
    assertRefused(set("m3", manifest("m3", 1, "docs_real", v, null, "prompt")), "'prompt.template-id' is missing");
    assertRefused(set("m4", manifest("m4", 1, "docs_real", v, null, "seed")), "'seed.table' is missing");
    assertRefused(set("m5", manifest("m5", 1, "docs_real", v + 5, null, null)), "'seed.version' is " + (v + 5));
    assertRefused(set("m6", manifest("m6", 1, "docs_real", v, null, "depth")), "'depth' is missing");
    assertRefused(set("m7", manifest("m7", 2, "docs_real", v, null, null)), "'parent-set' is missing");
    assertRefused(set("m8", manifest("m8", 1, "docs_real", v, null, "generation")), "'generation.generated-at' is missing");
    assertRefused(set("m9", manifest("m9", 1, "no_such_table", v, null, null)), "'seed.table' names 'no_such_table'");
    assertRefused(set("m10", manifest("m10", 1, "docs_real", v, null, null).replace("data.jsonl", "../real.jsonl")), "leaves the manifest's folder");
    assertRefused(set("m12", manifest("m12", 1, "docs_real", v, null, null).replace("path = data.jsonl", "path = \"/etc/passwd\"")),
        "'/etc/passwd' leaves the manifest's folder");
    assertRefused(set("m13", manifest("m13", 1, "docs_real", v, null, null).replace("path = data.jsonl", "path = \"file:/etc/passwd\"")),
        "'file:/etc/passwd' leaves the manifest's folder");
    assertRefused(set("m11", manifest("m11", 1, "docs_real", v, null, null) + "genrator.name = x\n"), "'genrator.name' is not a manifest field");
    assertRefused(tmp.resolve("no-manifest.json").toString(), "does not exist");
    assertThat(store.exists(Documents.SYNTHETIC_TABLE)).isFalse();
  }

  @Test
  void theRunsTableRecordsVersionsThatTimeTravelBackToWhatTheRunWrote() throws IOException {
    long v = store.version(Documents.REAL_TABLE).orElseThrow();
    RunLedger first = TestRuns.ledger("first");
    ingest(set("t1", manifest("t1", 1, "docs_real", v, null, null)), first);
    RunsTable.record(store, first, "ok", 0, "first");
    var afterFirst = store.read(Documents.SYNTHETIC_TABLE).collectAsList();
    RunLedger second = TestRuns.ledger("second");
    ingest(set("t2", manifest("t2", 1, "docs_real", v, null, null)), second);
    RunsTable.record(store, second, "ok", 0, "second");

    Row run = store.read(Runs.TABLE).where("run_id = 'first'").first();
    long recorded = run.<String, Long>getJavaMap(run.fieldIndex(Runs.OUTPUT_VERSIONS)).get(Documents.SYNTHETIC_TABLE);
    assertThat(store.read(Documents.SYNTHETIC_TABLE, recorded).collectAsList()).containsExactlyInAnyOrderElementsOf(afterFirst);
    assertThat(store.read(Documents.SYNTHETIC_TABLE).count()).isEqualTo(4);
    assertThat(run.getList(run.fieldIndex(Runs.GENERATORS))).containsExactly("markov");
    assertThat(store.read(Runs.TABLE).count()).isEqualTo(2);
  }
}
