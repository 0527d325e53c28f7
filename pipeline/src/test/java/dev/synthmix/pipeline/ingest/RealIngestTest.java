package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.QuarantineTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import dev.synthmix.pipeline.text.LanguageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealIngestTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));
  /** For inputs that are mostly bad on purpose: every record is looked at, no source refused. */
  static final IngestSettings LENIENT = SETTINGS.withMaxQuarantinedShare(1.0);

  /** Records in several languages and one too short to tell. */
  static final String[] MULTILINGUAL = {
    "{\"id\":\"en\",\"category\":\"news\",\"text\":\"The Congress shall have power to lay and collect taxes, duties and excises.\"}",
    "{\"id\":\"en2\",\"category\":\"law\",\"text\":\"The committee will meet again next week to discuss the budget for schools.\"}",
    "{\"id\":\"de\",\"category\":\"news\",\"text\":\"Der Bundestag hat heute ein neues Gesetz über die Steuern beschlossen.\"}",
    "{\"id\":\"zh\",\"category\":\"news\",\"text\":\"我们是学生，我们喜欢学习中文。今天天气很好，我们去公园散步。\"}",
    "{\"id\":\"th\",\"category\":\"law\",\"text\":\"ภาษาไทยเป็นภาษาที่สวยงาม และมีประวัติศาสตร์ยาวนานมาก\"}",
    "{\"id\":\"short\",\"category\":\"law\",\"text\":\"ok, thanks\"}"
  };

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private DeltaStore store() {
    return new DeltaStore(SPARK.spark(), tmp.resolve("wh").toUri().toString().replaceFirst("^file:///", "file:/"));
  }

  private Path jsonl(String name, String... lines) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  private static IngestResult ingest(DeltaStore store, String run, SourceSpec... sources) {
    return RealIngest.run(store, SETTINGS, List.of(sources), TestRuns.ledger(run));
  }

  private static IngestResult ingestLeniently(DeltaStore store, String run, SourceSpec... sources) {
    return RealIngest.run(store, LENIENT, List.of(sources), TestRuns.ledger(run));
  }

  private static List<String> reasons(DeltaStore store, String source) {
    return store.read(QuarantineTable.TABLE).where(org.apache.spark.sql.functions.col("source").equalTo(source))
        .collectAsList().stream().map(r -> r.<String>getAs(QuarantineTable.REASON)).collect(Collectors.toList());
  }

  @Test
  void jsonlGoodRecordsAreWrittenAndEveryBadKindIsQuarantinedWithItsReason() throws IOException {
    Path in = tmp.resolve("mixed.jsonl");
    byte[] badUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', 'u', '"', ',', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String[] lines = {
      "{\"id\":\"a\",\"text\":\"Hello world, the first.\",\"category\":\"x\",\"year\":1999}",
      "{\"id\":\"b\",\"text\":",
      "{\"id\":\"c\",\"text\":42,\"category\":\"x\"}",
      "{\"id\":\"d\",\"category\":\"x\"}",
      "{\"id\":\"e\",\"text\":\"\",\"category\":\"x\"}",
      "{\"id\":\"f\",\"text\":\"  \\t \",\"category\":\"x\"}",
      null, // invalid UTF-8 goes here
      "{\"id\":\"a\",\"text\":\"a second a\",\"category\":\"x\"}",
      "{\"id\":\"g\",\"text\":\"no category\"}",
      "[1,2]",
      "{\"id\":\"h\",\"text\":\"a\\u0000b\",\"category\":\"x\"}",
      "",
      "{\"id\":7,\"text\":\"numeric id\",\"category\":\"y\"}",
      "{\"id\":\"i\",\"text\":\"bad category\",\"category\":\"x\\u0007y\"}",
      "{\"id\":{\"n\":1},\"text\":\"object id\",\"category\":\"y\"}",
    };
    try (var out = Files.newOutputStream(in)) {
      for (String l : lines) {
        out.write(l == null ? badUtf8 : l.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    DeltaStore store = store();
    SourceSpec spec = new SourceSpec("mixed", Format.JSONL, List.of(in.toString()), "id", "text", "category",
        List.of("year"), null, true, ",");

    IngestResult r = ingestLeniently(store, "run-1", spec);

    assertThat(r.read()).as("the blank line is not a record").isEqualTo(14);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(12);
    assertThat(r.read()).isEqualTo(r.written() + r.quarantined());
    List<Row> docs = store.read(Documents.REAL_TABLE).orderBy(Documents.DOC_ID).collectAsList();
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.DOC_ID)).containsExactly("mixed:7", "mixed:a");
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.INPUT_ID)).containsExactly("7", "a");
    Row a = docs.get(1);
    assertThat(a.<String>getAs(Documents.TEXT)).isEqualTo("Hello world, the first.");
    assertThat(a.<String>getAs(Documents.SOURCE)).isEqualTo("mixed");
    assertThat(a.<String>getAs(Documents.TEXT_HASH)).isEqualTo(dev.synthmix.pipeline.text.ContentHash.of("hello world the first"));
    assertThat(a.getJavaMap(a.fieldIndex(Documents.EXTRA))).containsEntry("year", "1999");
    assertThat(a.<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(0L);
    assertThat(a.<String>getAs(Documents.RUN_ID)).isEqualTo("run-1");

    List<String> reasons = store.read(QuarantineTable.TABLE).collectAsList().stream()
        .map(q -> q.<String>getAs(QuarantineTable.REASON)).sorted().collect(Collectors.toList());
    assertThat(reasons).hasSize(12);
    assertThat(reasons).anyMatch(x -> x.startsWith("malformed JSON"));
    assertThat(reasons).contains("malformed JSON: expected one object per line");
    assertThat(reasons).contains("wrong type: field 'text' is number, expected a string");
    assertThat(reasons).contains("wrong type: field 'id' is object, expected a string or an integer");
    assertThat(reasons).contains("missing text: the text field is absent or null");
    assertThat(reasons).contains("empty text", "empty text: only white space");
    assertThat(reasons).contains("invalid UTF-8: the line is not UTF-8 text");
    assertThat(reasons).anyMatch(x -> x.startsWith("duplicate id 'a': first seen in source 'mixed' file mixed.jsonl at 0"));
    assertThat(reasons).contains("missing category: set fields.category or default-category for this source");
    assertThat(reasons).contains("text contains NUL characters (binary data?)");
    assertThat(reasons).contains("category contains control characters");
    Row bad = store.read(QuarantineTable.TABLE).where("reason like 'invalid UTF-8%'").first();
    assertThat((byte[]) bad.getAs(QuarantineTable.RAW_BYTES)).as("the bytes are kept, nothing lost").isEqualTo(badUtf8);
    assertThat(bad.<String>getAs(QuarantineTable.FILE)).endsWith("mixed.jsonl");
    assertThat(bad.<String>getAs(QuarantineTable.POSITION_KIND)).isEqualTo("byte-offset");
    assertThat(bad.<String>getAs(QuarantineTable.RUN_ID)).isEqualTo("run-1");
  }

  @Test
  void reingestingTheSameInputChangesNoTableContents() throws IOException {
    Path in = jsonl("news.jsonl",
        "{\"id\":\"n1\",\"text\":\"one\",\"category\":\"a\"}",
        "{\"id\":\"n2\",\"text\":\"two\",\"category\":\"b\"}",
        "{\"id\":\"n2\",\"text\":\"two again\",\"category\":\"b\"}",
        "not json");
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("news", Format.JSONL, List.of(in.toString()));
    IngestResult first = ingest(store, "run-1", spec);
    var docsAfterFirst = store.read(Documents.REAL_TABLE).collectAsList();
    var quarantineAfterFirst = store.read(QuarantineTable.TABLE).collectAsList();
    long docsVersion = store.version(Documents.REAL_TABLE).orElseThrow();

    IngestResult second = ingest(store, "run-2", spec);

    assertThat(store.version(Documents.REAL_TABLE)).as("nothing changed, nothing committed").contains(docsVersion);
    assertThat(first.inserted()).isEqualTo(2);
    assertThat(second.inserted()).isZero();
    assertThat(second.updated()).isZero();
    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(second.quarantined()).as("counted again in this run").isEqualTo(2);
    assertThat(store.read(Documents.REAL_TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(docsAfterFirst);
    assertThat(store.read(QuarantineTable.TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(quarantineAfterFirst);

    Files.writeString(in, "{\"id\":\"n1\",\"text\":\"one, edited\",\"category\":\"a\"}\n");
    IngestResult edited = ingest(store, "run-3", spec);
    assertThat(edited.updated()).isEqualTo(1);
    assertThat(edited.removed()).as("n2 is gone from the input: a source's ingest is a full refresh").isEqualTo(1);
    assertThat(store.read(Documents.REAL_TABLE).count()).isEqualTo(1);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'news:n1'").first().<String>getAs(Documents.RUN_ID)).isEqualTo("run-3");
    assertThat(store.read(QuarantineTable.TABLE).count()).as("the refused records are gone from the input too").isZero();
  }

  @Test
  void twoSourcesNumberingTheirRecordsAlikeBothIngestFully() throws IOException {
    int n = 50;
    String[] a = new String[n];
    String[] b = new String[n];
    for (int i = 0; i < n; i++) {
      a[i] = "{\"id\":" + i + ",\"text\":\"first corpus record " + i + "\",\"category\":\"c\"}";
      b[i] = "{\"id\":" + i + ",\"text\":\"second corpus record " + i + "\",\"category\":\"c\"}";
    }
    DeltaStore store = store();
    IngestResult one = ingest(store, "run-1", SourceSpec.of("first", Format.JSONL, List.of(jsonl("a.jsonl", a).toString())));
    IngestResult two = ingest(store, "run-2", SourceSpec.of("second", Format.JSONL, List.of(jsonl("b.jsonl", b).toString())));

    assertThat(List.of(one.inserted(), two.inserted(), two.quarantined(), two.removed())).containsExactly(50L, 50L, 0L, 0L);
    assertThat(store.read(Documents.REAL_TABLE).count()).as("N + N rows").isEqualTo(2L * n);
    assertThat(store.exists(QuarantineTable.TABLE) ? store.read(QuarantineTable.TABLE).count() : 0).isZero();
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'first:7'").first().<String>getAs(Documents.TEXT)).isEqualTo("first corpus record 7");
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'second:7'").first().<String>getAs(Documents.INPUT_ID)).isEqualTo("7");
    // The second source's ingest refreshed only its own rows.
    IngestResult again = ingest(store, "run-3", SourceSpec.of("second", Format.JSONL, List.of(jsonl("b2.jsonl", b[0]).toString())));
    assertThat(again.removed()).isEqualTo(n - 1);
    assertThat(store.read(Documents.REAL_TABLE).where("source = 'first'").count()).isEqualTo(n);
  }

  private static List<String> ids(DeltaStore store) {
    return store.read(Documents.REAL_TABLE).orderBy(Documents.DOC_ID).collectAsList().stream()
        .map(d -> d.<String>getAs(Documents.DOC_ID)).toList();
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(to))) {
      out.write(Files.readAllBytes(from));
    }
  }

  @Test
  void derivedIdsSurviveRecompressionAndEditsAboveARecordAndInsertNothing() throws IOException {
    String[] lines = {
      "{\"text\":\"the first passage\",\"category\":\"a\"}",
      "{\"text\":\"A repeated passage\",\"category\":\"a\"}",
      "{\"text\":\"a  REPEATED passage!\",\"category\":\"a\"}",
      "{\"text\":\"the last passage\",\"category\":\"b\"}",
    };
    Path dir = Files.createDirectories(tmp.resolve("derived"));
    Path plain = dir.resolve("corpus.jsonl");
    Files.writeString(plain, String.join("\n", lines) + "\n");
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("derived", Format.JSONL, List.of(dir.toString()));
    IngestResult first = ingest(store, "run-1", spec);
    List<String> before = ids(store);
    assertThat(first.inserted()).isEqualTo(4);
    assertThat(before).as("source + text hash + occurrence of that normalised text")
        .allMatch(id -> id.matches("derived#[0-9a-f]{32}-[12]")).doesNotHaveDuplicates()
        .filteredOn(id -> id.endsWith("-2")).hasSize(1);

    // Recompressed: the same records in corpus.jsonl.gz, at other positions and in another file.
    gzip(plain, dir.resolve("corpus.jsonl.gz"));
    Files.delete(plain);
    IngestResult recompressed = ingest(store, "run-2", spec);
    assertThat(ids(store)).isEqualTo(before);
    assertThat(List.of(recompressed.inserted(), recompressed.removed(), recompressed.updated()))
        .as("inserted, removed, updated (source_file changed)").containsExactly(0L, 0L, 4L);

    // Edited above the records: a new first line shifts every position.
    Files.delete(dir.resolve("corpus.jsonl.gz"));
    Files.writeString(plain, "{\"text\":\"a new passage on top\",\"category\":\"a\"}\n" + String.join("\n", lines) + "\n");
    IngestResult edited = ingest(store, "run-3", spec);
    assertThat(edited.inserted()).as("only the new record").isEqualTo(1);
    assertThat(edited.removed()).isZero();
    assertThat(ids(store)).hasSize(5).containsAll(before);
  }

  @Test
  void aRecordThatTurnsBadLeavesTheTableAndEntersTheQuarantineAndBackAgain() throws IOException {
    Path in = jsonl("turns.jsonl",
        "{\"id\":\"t1\",\"text\":\"one\",\"category\":\"a\"}",
        "{\"id\":\"t2\",\"text\":\"two\",\"category\":\"a\"}",
        "{\"id\":\"t3\",\"text\":\"three\",\"category\":\"a\"}");
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("turns", Format.JSONL, List.of(in.toString()));
    ingest(store, "run-1", spec);
    // Same length: t3 stays at its byte offset, so its row is unchanged.
    jsonl("turns.jsonl",
        "{\"id\":\"t1\",\"text\":\"one\",\"category\":\"a\"}",
        "{\"id\":\"t2\",\"text\":\"   \",\"category\":\"a\"}",
        "{\"id\":\"t3\",\"text\":\"three\",\"category\":\"a\"}");

    IngestResult bad = ingest(store, "run-2", spec);

    assertThat(List.of(bad.read(), bad.unchanged(), bad.quarantined(), bad.removed())).containsExactly(3L, 2L, 1L, 1L);
    assertThat(ids(store)).containsExactly("turns:t1", "turns:t3");
    assertThat(store.read(QuarantineTable.TABLE).collectAsList()).extracting(q -> q.<String>getAs(QuarantineTable.RAW_ID))
        .as("in the quarantine, not in both").containsExactly("t2");

    jsonl("turns.jsonl",
        "{\"id\":\"t1\",\"text\":\"one\",\"category\":\"a\"}",
        "{\"id\":\"t2\",\"text\":\"two, fixed\",\"category\":\"a\"}",
        "{\"id\":\"t3\",\"text\":\"three\",\"category\":\"a\"}");
    IngestResult fixed = ingest(store, "run-3", spec);
    assertThat(fixed.inserted()).isEqualTo(1);
    assertThat(ids(store)).containsExactly("turns:t1", "turns:t2", "turns:t3");
    assertThat(store.read(QuarantineTable.TABLE).count()).as("fixed: no longer refused").isZero();
  }

  @Test
  void aSourceMostlyQuarantinedIsRefusedWithItsReasonsAndAFieldMappingIngestsIt() throws IOException {
    String[] lines = new String[50];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "{\"id\":\"l" + i + "\",\"text\":\"labelled record " + i + "\",\"label\":\"" + (i % 3 == 0 ? "x" : "y") + "\"}";
    }
    Path in = jsonl("labelled.jsonl", lines);
    DeltaStore store = store();
    ingest(store, "run-0", SourceSpec.of("other", Format.JSONL, List.of(jsonl("other.jsonl", "{\"id\":1,\"text\":\"t\",\"category\":\"c\"}").toString())));

    assertThatThrownBy(() -> ingest(store, "run-1", SourceSpec.of("labelled", Format.JSONL, List.of(in.toString()))))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("Cannot ingest source 'labelled': 50 of 50 records (100%) were quarantined, more than"
            + " synthmix.ingest.max-quarantined-share = 0.5")
        .hasMessageContaining("50 × missing category: set fields.category or default-category for this source")
        .hasMessageContaining("--field category=<name>")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(store.read(Documents.REAL_TABLE).where("source = 'labelled'").count()).as("documents not written").isZero();
    assertThat(reasons(store, "labelled")).as("the quarantine rows are recorded").hasSize(50);

    IngestResult mapped = ingest(store, "run-2", new SourceSpec("labelled", Format.JSONL, List.of(in.toString()), "id",
        "text", "label", List.of(), null, true, ","));
    assertThat(List.of(mapped.inserted(), mapped.quarantined())).containsExactly(50L, 0L);
    assertThat(store.read(Documents.REAL_TABLE).where("source = 'labelled' and category = 'x'").count()).isEqualTo(17);
    assertThat(reasons(store, "labelled")).as("no longer refused").isEmpty();
  }

  @Test
  void anEmptyInputDoesNotRemoveAWholeSource() throws IOException {
    DeltaStore store = store();
    Path in = jsonl("full.jsonl", "{\"id\":1,\"text\":\"one\",\"category\":\"c\"}",
        "{\"id\":2,\"text\":\"two\",\"category\":\"c\"}");
    ingest(store, "run-1", SourceSpec.of("news", Format.JSONL, List.of(in.toString())));
    Files.writeString(in, ""); // e.g. an export that failed upstream, or an unmounted folder's empty file

    assertThatThrownBy(() -> ingest(store, "run-2", SourceSpec.of("news", Format.JSONL, List.of(in.toString()))))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("has no records, but docs_real holds 2 of its documents")
        .hasMessageContaining("DELETE FROM docs_real WHERE source = 'news'")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(store.read(Documents.REAL_TABLE).count()).as("nothing removed").isEqualTo(2);
  }

  @Test
  void csvFilesWhoseHeadersDifferInOrderAreEachReadByTheirOwnHeader() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("csvs"));
    Files.writeString(dir.resolve("a.csv"), "id,text,category\na1,alpha text,news\na2,second alpha,news\n");
    Files.writeString(dir.resolve("b.csv"), "category,id,text\nsport,b1,beta text\n");
    Files.writeString(dir.resolve("c.csv"), "text,id,category,year\ngamma text,c1,arts,1999\n");
    DeltaStore store = store();
    SourceSpec spec = new SourceSpec("csvs", Format.CSV, List.of(dir.toString()), "id", "text", "category",
        List.of("year"), null, true, ",");

    IngestResult r = ingest(store, "run-1", spec);

    assertThat(List.of(r.read(), r.inserted(), r.quarantined())).containsExactly(4L, 4L, 0L);
    Map<String, String> textById = new java.util.TreeMap<>();
    Map<String, String> categoryById = new java.util.TreeMap<>();
    store.read(Documents.REAL_TABLE).collectAsList().forEach(d -> {
      textById.put(d.getAs(Documents.INPUT_ID), d.getAs(Documents.TEXT));
      categoryById.put(d.getAs(Documents.INPUT_ID), d.getAs(Documents.CATEGORY));
    });
    assertThat(textById).containsExactly(Map.entry("a1", "alpha text"), Map.entry("a2", "second alpha"),
        Map.entry("b1", "beta text"), Map.entry("c1", "gamma text"));
    assertThat(categoryById).containsEntry("b1", "sport").containsEntry("c1", "arts");
    Row c1 = store.read(Documents.REAL_TABLE).where("input_id = 'c1'").first();
    assertThat(c1.getJavaMap(c1.fieldIndex(Documents.EXTRA))).containsEntry("year", "1999");
    assertThat(c1.<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(1L);
  }

  @Test
  void aTableWrittenBeforeIdsWereNamespacedIsRefusedSayingHowToMigrate() throws IOException {
    DeltaStore store = store();
    SPARK.spark().sql("select 'x' as doc_id, 'old' as source, 'c' as category, 't' as text, 'h' as text_hash,"
        + " 'f' as source_file, 0L as source_position, cast(null as map<string,string>) as extra, 'r' as run_id")
        .write().format("delta").save(store.path(Documents.REAL_TABLE));
    long version = store.version(Documents.REAL_TABLE).orElseThrow();
    SourceSpec spec = SourceSpec.of("new", Format.JSONL, List.of(jsonl("n.jsonl", "{\"id\":1,\"text\":\"t\",\"category\":\"c\"}").toString()));

    assertThatThrownBy(() -> ingest(store, "run-1", spec))
        .hasMessageContaining("Cannot use docs_real: it was written by an older synthmix")
        .hasMessageContaining("set synthmix.warehouse to a new folder")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(store.version(Documents.REAL_TABLE)).contains(version);
    assertThatThrownBy(() -> dev.synthmix.pipeline.mix.TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), null))
        .hasMessageContaining("older synthmix");
  }

  @Test
  void aMissingInputPathIsRefusedWithExit3AndNothingWritten() throws IOException {
    DeltaStore store = store();
    SourceSpec good = SourceSpec.of("good", Format.JSONL, List.of(jsonl("ok.jsonl", "{\"id\":\"1\",\"text\":\"t\",\"category\":\"c\"}").toString()));
    SourceSpec missing = SourceSpec.of("missing", Format.JSONL, List.of(tmp.resolve("nope.jsonl").toString()));
    assertThatThrownBy(() -> ingest(store, "run-1", good, missing))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("nope.jsonl does not exist")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(store.exists(Documents.REAL_TABLE)).isFalse();
    assertThat(store.exists(QuarantineTable.TABLE)).isFalse();
  }

  @Test
  void csvWithQuotedNewlinesAndAMalformedRecord() throws IOException {
    Path in = tmp.resolve("c.csv");
    Files.writeString(in, "id,text,category\n"
        + "c1,\"a text with a\nnewline and \"\"quotes\"\"\",news\n"
        + "c2,plain,news\n"
        + "c3,\"unterminated,news\n");
    DeltaStore store = store();
    IngestResult r = ingest(store, "run-1", SourceSpec.of("csv", Format.CSV, List.of(in.toString())));
    assertThat(r.read()).isEqualTo(r.written() + r.quarantined());
    Row c1 = store.read(Documents.REAL_TABLE).where("doc_id = 'csv:c1'").first();
    assertThat(c1.<String>getAs(Documents.TEXT)).isEqualTo("a text with a\nnewline and \"quotes\"");
    assertThat(c1.<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(1L);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'csv:c2'").first().<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(2L);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(1);
  }

  @Test
  void csvWithoutTheTextColumnIsRefusedNamingTheColumns() throws IOException {
    Path in = tmp.resolve("d.csv");
    Files.writeString(in, "id,body,category\n1,t,c\n");
    DeltaStore store = store();
    assertThatThrownBy(() -> ingest(store, "run-1", SourceSpec.of("csv", Format.CSV, List.of(in.toString()))))
        .hasMessageContaining("no column 'text'")
        .hasMessageContaining("[id, body, category]");
    assertThat(store.exists(Documents.REAL_TABLE)).isFalse();
  }

  @Test
  void parquetWithMappedFieldsAndAWrongTypedText() {
    DeltaStore store = store();
    String good = tmp.resolve("p-good").toString();
    SPARK.spark().sql("select cast(id as long) as id, concat('text number ', id) as body, if(id % 2 = 0, 'even', 'odd') as kind from range(5)")
        .repartition(2).write().parquet(good);
    SourceSpec spec = new SourceSpec("pq", Format.PARQUET, List.of(good), "id", "body", "kind", List.of(), null, true, ",");
    IngestResult r = ingest(store, "run-1", spec);
    assertThat(r.written()).isEqualTo(5);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'pq:3'").first().<String>getAs(Documents.CATEGORY)).isEqualTo("odd");

    String bad = tmp.resolve("p-bad").toString();
    SPARK.spark().sql("select concat('b', id) as id, id as body, 'k' as kind from range(3)").write().parquet(bad);
    IngestResult rb = ingestLeniently(store, "run-2", new SourceSpec("pq-bad", Format.PARQUET, List.of(bad), "id", "body", "kind", List.of(), null, true, ","));
    assertThat(rb.quarantined()).isEqualTo(3);
    assertThat(reasons(store, "pq-bad")).hasSize(3).containsOnly("wrong type: field 'body' is bigint, expected a string");
  }

  @Test
  void textFolderTakesTheCategoryFromTheFolderAndDerivesStableIds() throws IOException {
    Path root = tmp.resolve("texts");
    Files.createDirectories(root.resolve("speeches"));
    Files.createDirectories(root.resolve("letters"));
    Files.writeString(root.resolve("speeches/one.txt"), "Four score and seven years ago.");
    Files.writeString(root.resolve("letters/two.txt"), "Dear Sir, I write to you.");
    Files.writeString(root.resolve("loose.txt"), "No folder, no category.");
    Files.write(root.resolve("letters/bad.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41});
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("folder", Format.TEXT, List.of(root.toString()));

    IngestResult r = ingest(store, "run-1", spec);

    assertThat(r.read()).isEqualTo(4);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(2);
    List<Row> docs = store.read(Documents.REAL_TABLE).orderBy(Documents.CATEGORY).collectAsList();
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.CATEGORY)).containsExactly("letters", "speeches");
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.DOC_ID)).allMatch(id -> id.matches("folder#[0-9a-f]{32}-1")).doesNotHaveDuplicates();
    List<String> ids = docs.stream().map(d -> d.<String>getAs(Documents.DOC_ID)).collect(Collectors.toList());
    ingest(store, "run-2", spec);
    assertThat(store.read(Documents.REAL_TABLE).orderBy(Documents.CATEGORY).collectAsList())
        .extracting(d -> d.<String>getAs(Documents.DOC_ID)).as("same ids on rerun").containsExactlyElementsOf(ids);
  }

  @Test
  void theEmbeddedCorpusIsBundledAndReadable() {
    DeltaStore store = store();
    SourceSpec spec = EmbeddedCorpus.install(store.root(), "sotu", SPARK.spark().sparkContext().hadoopConfiguration());
    IngestResult r = ingest(store, "run-1", spec);
    assertThat(r.quarantined()).isZero();
    assertThat(r.written()).isEqualTo(12_876);
    assertThat(store.read(Documents.REAL_TABLE).select(Documents.CATEGORY).distinct().count()).isEqualTo(8);
    Row first = store.read(Documents.REAL_TABLE).where("doc_id = 'sotu:sotu-1790_george_washington_n-001'").first();
    assertThat(first.getJavaMap(first.fieldIndex(Documents.EXTRA))).containsEntry("year", "1790").containsEntry("era", "founding");
    assertThat(first.<Long>getAs(Documents.SOURCE_POSITION)).as("line numbers in a compressed file").isEqualTo(1L);
  }

  // Languages: identified at ingest, kept in a column, able to slice the audit.

  private SourceSpec multilingual() throws IOException {
    Path in = tmp.resolve("multi.jsonl");
    Files.writeString(in, String.join("\n", MULTILINGUAL) + "\n");
    return SourceSpec.of("multi", Format.JSONL, List.of(in.toString()));
  }

  private static Map<String, String> languages(Dataset<Row> docs, String idColumn, String languageColumn) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : docs.select(idColumn, languageColumn).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  @Test
  void everyDocumentGetsItsLanguageAndTheMixCarriesIt() throws IOException {
    DeltaStore store = store();
    RealIngest.run(store, SETTINGS, List.of(multilingual()), TestRuns.ledger("run-1"));
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("en", "eng", "en2", "eng", "de", "deu", "zh", "cmn", "th", "tha",
            "short", LanguageId.UNDETERMINED));
    Dataset<Row> mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), null);
    assertThat(languages(mix, TrainingMix.DOC_ID, TrainingMix.LANGUAGE)).containsEntry("multi:zh", "cmn");

    // Sliced by language, coverage counts languages where it counted categories.
    Dataset<Row> coverage = new Coverage(new CoverageSettings(0.5)).measure(MixSlice.LANGUAGE.apply(mix)).table();
    Map<String, Long> realByLanguage = new TreeMap<>();
    for (Row r : coverage.where(col(CoverageTable.GENERATOR).equalTo(CoverageTable.ALL))
        .select(CoverageTable.CATEGORY, CoverageTable.REAL_COUNT).collectAsList()) {
      realByLanguage.put(r.getString(0), r.getLong(1));
    }
    assertThat(realByLanguage).containsAllEntriesOf(Map.of("eng", 2L, "deu", 1L, "cmn", 1L, "tha", 1L, "und", 1L));
    assertThat(realByLanguage.keySet()).doesNotContain("news", "law");
  }

  @Test
  void switchedOffEveryDocumentIsUndetermined() throws IOException {
    DeltaStore store = store();
    IngestSettings off = new IngestSettings(List.of(), SETTINGS.maxTextChars(), SETTINGS.maxTextBytes(),
        SETTINGS.maxQuarantinedShare(), new LanguageId.Settings(false, 500, 20));
    RealIngest.run(store, off, List.of(multilingual()), TestRuns.ledger("run-1"));
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE).values())
        .hasSize(MULTILINGUAL.length).containsOnly(LanguageId.UNDETERMINED);
  }

  @Test
  void aTableWrittenBeforeTheColumnExistedGainsItAndIsFilledOnTheNextIngest() throws IOException {
    DeltaStore store = store();
    StructType old = new StructType();
    for (var f : Documents.BASE_SCHEMA.fields()) {
      if (!f.name().equals(Documents.LANGUAGE)) {
        old = old.add(f);
      }
    }
    store.create(Documents.REAL_TABLE, old, Map.of(), TestRuns.ledger("old"));
    assertThat(TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), null).schema().fieldNames())
        .as("an old table still builds a mix").contains(TrainingMix.LANGUAGE);

    IngestResult r = RealIngest.run(store, SETTINGS, List.of(multilingual()), TestRuns.ledger("run-1"));
    assertThat(r.sources().get(0).written()).isEqualTo(MULTILINGUAL.length);
    assertThat(store.read(Documents.REAL_TABLE).schema().fieldNames()).contains(Documents.LANGUAGE);
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE))
        .containsEntry("de", "deu").containsEntry("th", "tha").hasSize(MULTILINGUAL.length);
    long version = store.version(Documents.REAL_TABLE).orElseThrow();
    RealIngest.run(store, SETTINGS, List.of(multilingual()), TestRuns.ledger("run-2"));
    assertThat(store.version(Documents.REAL_TABLE).orElseThrow())
        .as("the same input again changes nothing: language is part of the stored fingerprint").isEqualTo(version);
  }
}
