package dev.synthmix.pipeline.contamination;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.measure.ContaminationMeasure;
import dev.synthmix.pipeline.measure.MeasureInput;
import dev.synthmix.pipeline.measure.MeasureRun;
import dev.synthmix.pipeline.measure.MixProfile;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.schema.ContaminationTables;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import dev.synthmix.pipeline.text.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted evaluation items: one verbatim in a real document, one re-wrapped (case, punctuation,
 * line breaks, spacing) in a synthetic document of g1, one short item (10 words) in a depth-2
 * document of g2; a near miss of 12 shared words, clean documents, and an item too short to check.
 */
class ContaminationTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  // 15 words: its question and answer fields are joined (question + answer).
  static final String Q1 = "Which river did the expedition follow when it left the winter camp";
  static final String A1 = "the Missouri river";
  static final String ITEM2 = "name the three branches of government described in the first articles of the constitution";
  static final String ITEM3 = "what colour is the sky on a clear summer day";
  static final String TOO_SHORT = "two plus two equals four";
  static final String CLEAN = "the harvest was good this year and the roads were repaired before the rains came to the valley";

  @TempDir static Path tmp;
  static Path benchmark;
  static Dataset<Row> mix;

  @BeforeAll
  static void start() throws Exception {
    SPARK.start();
    benchmark = tmp.resolve("eval.jsonl");
    Files.writeString(benchmark, String.join("\n",
        "{\"id\": \"q1\", \"question\": \"" + Q1 + "\", \"answer\": \"" + A1 + "\"}",
        "{\"id\": \"q2\", \"question\": \"" + ITEM2 + "\"}",
        "{\"id\": \"q3\", \"question\": \"" + ITEM3 + "\"}",
        "{\"id\": \"q4\", \"question\": \"" + TOO_SHORT + "\"}",
        "{\"id\": \"q5\", \"question\": \"an item nobody copied into any document of the mix at all ever\"}"),
        StandardCharsets.UTF_8);
    String rewrapped = "NAME the three branches of\n   government, described in the first\n\narticles of THE "
        + "constitution!";
    mix = new MixBuilder()
        .real("r-planted", "A", "Before the test. " + Q1 + "? " + A1 + ". After the test, more words follow.")
        .real("r-clean", "A", CLEAN)
        .real("r-near", "B", "which river did the expedition follow when it left the winter quarters instead")
        .synthetic("s-g1", "g1", 1, "A", "Generated text: " + rewrapped + " and then some more generated text")
        .synthetic("s-g1-clean", "g1", 1, "B", CLEAN + " again")
        .synthetic("s-g2", "g2", 2, "B", "Q: " + ITEM3.toUpperCase() + "? A: blue.")
        .synthetic("s-g2-short", "g2", 2, "B", "she said " + TOO_SHORT + " and left")
        .build(SPARK.spark())
        .cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static ContaminationSettings settings(List<SourceSpec> benchmarks) {
    return new ContaminationSettings(benchmarks, 13, 8, 200, Tokenizer.ICU);
  }

  static SourceSpec eval() {
    return new SourceSpec("eval", Format.JSONL, List.of(benchmark.toString()), "id", "question + answer", "category",
        List.of(), null, true, ",", " ", null);
  }

  static Contamination.Result find() {
    Dataset<Row> items = BenchmarkItems.read(SPARK.spark(), List.of(eval()));
    return new Contamination(settings(List.of(eval()))).find(mix, items,
        MixProfile.of(mix, MixSlice.CATEGORY).byCategory(), List.of("eval"));
  }

  @Test
  void findsPlantedItemsVerbatimRewrappedAndShortWithTheirGeneratorAndNothingElse() {
    Contamination.Result r = find();
    List<Row> matches = r.matches().collectAsList();
    Map<String, String> itemByDoc = matches.stream().collect(Collectors.toMap(
        m -> m.getString(m.fieldIndex(ContaminationTables.DOC_ID)), m -> m.getString(m.fieldIndex(ContaminationTables.ITEM_ID))));
    assertThat(itemByDoc).containsExactlyInAnyOrderEntriesOf(Map.of("r-planted", "q1", "s-g1", "q2",
        "s-g2", "q3"));
    Row g1 = matches.stream().filter(m -> m.getString(0).equals("s-g1")).findFirst().orElseThrow();
    assertThat(g1.getString(g1.fieldIndex(ContaminationTables.GENERATOR))).isEqualTo("g1");
    // The whole re-wrapped item (14 words) is one shared span: 2 grams of 13 words.
    assertThat(g1.getInt(g1.fieldIndex(ContaminationTables.LONGEST_SPAN_TOKENS))).isEqualTo(14);
    assertThat(g1.getInt(g1.fieldIndex(ContaminationTables.MATCHED_NGRAMS))).isEqualTo(2);
    assertThat(g1.getString(g1.fieldIndex(ContaminationTables.EXCERPT))).isEqualTo(ITEM2);
    // Question (12 words) and answer (3) joined: 15 words shared with the real document.
    Row real = matches.stream().filter(m -> m.getString(0).equals("r-planted")).findFirst().orElseThrow();
    assertThat(real.getInt(real.fieldIndex(ContaminationTables.LONGEST_SPAN_TOKENS))).isEqualTo(15);
    assertThat(real.isNullAt(real.fieldIndex(ContaminationTables.GENERATOR))).isTrue();
    Row shortItem = matches.stream().filter(m -> m.getString(0).equals("s-g2")).findFirst().orElseThrow();
    assertThat(shortItem.getInt(shortItem.fieldIndex(ContaminationTables.LONGEST_SPAN_TOKENS))).isEqualTo(10);
    assertThat(r.itemsChecked()).isEqualTo(4);
    assertThat(r.itemsTooShort()).as("q4 has 5 words, below min-tokens 8").isEqualTo(1);
    r.release();
  }

  @Test
  void countsPerGroupWithPooledCategoryAndBenchmarkRows() {
    Contamination.Result r = find();
    Dataset<Row> table = r.table().cache();
    Row g2 = table.where(col(ContaminationTables.BENCHMARK).equalTo("eval").and(col(ContaminationTables.GENERATOR)
        .equalTo("g2")).and(col(ContaminationTables.CATEGORY).equalTo("B"))).first();
    assertThat(g2.getLong(g2.fieldIndex(ContaminationTables.DOCUMENTS_CHECKED))).isEqualTo(2);
    assertThat(g2.getLong(g2.fieldIndex(ContaminationTables.DOCUMENTS_CONTAMINATED))).isEqualTo(1);
    assertThat(g2.getDouble(g2.fieldIndex(ContaminationTables.CONTAMINATED_SHARE))).isEqualTo(0.5);
    assertThat(g2.getLong(g2.fieldIndex(ContaminationTables.ITEMS_FOUND))).isEqualTo(1);
    assertThat(g2.getLong(g2.fieldIndex(ContaminationTables.BENCHMARK_ITEMS))).isEqualTo(4);
    Row realAll = table.where(col(ContaminationTables.BENCHMARK).equalTo(ContaminationTables.ALL)
        .and(col(ContaminationTables.ORIGIN).equalTo("real")).and(col(ContaminationTables.CATEGORY)
            .equalTo(ContaminationTables.ALL))).first();
    assertThat(realAll.getLong(realAll.fieldIndex(ContaminationTables.DOCUMENTS_CHECKED))).isEqualTo(3);
    assertThat(realAll.getLong(realAll.fieldIndex(ContaminationTables.DOCUMENTS_CONTAMINATED))).isEqualTo(1);
    assertThat(realAll.getDouble(realAll.fieldIndex(ContaminationTables.ITEMS_FOUND_SHARE))).isEqualTo(0.25);
    // A group with no contaminated document still has its row, with zeros.
    Row clean = table.where(col(ContaminationTables.BENCHMARK).equalTo("eval").and(col(ContaminationTables.GENERATOR)
        .equalTo("g1")).and(col(ContaminationTables.CATEGORY).equalTo("B"))).first();
    assertThat(clean.getLong(clean.fieldIndex(ContaminationTables.DOCUMENTS_CONTAMINATED))).isZero();
    // Per benchmark: real A, real B, g1 A, g1 B, g2 B, and a "*" category row per lineage (3).
    assertThat(table.where(col(ContaminationTables.BENCHMARK).equalTo("eval")).count()).isEqualTo(8);
    r.release();
  }

  @Test
  void theMeasureWritesBothTablesAndPooledMetricsThatGatesCanRead() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    Dataset<Row> metrics = MeasureRun.run(new ContaminationMeasure(settings(List.of(eval()))),
        new MeasureInput(store, TestRuns.ledger("run-1"), mix, mix, MixProfile.of(mix, MixSlice.CATEGORY), null, null));
    assertThat(store.read(ContaminationTables.MATCHES).count()).isEqualTo(3);
    Row g1 = metrics.where(col(RunMetricsTable.METRIC).equalTo(MetricCatalogue.CONTAMINATION_ITEMS_FOUND)
        .and(col(RunMetricsTable.GENERATOR).equalTo("g1")).and(col(RunMetricsTable.CATEGORY).equalTo("*"))).first();
    assertThat(g1.getDouble(g1.fieldIndex(RunMetricsTable.VALUE))).isEqualTo(1.0);
    assertThat(g1.getString(g1.fieldIndex(RunMetricsTable.SCOPE))).isEqualTo(MetricCatalogue.SCOPE_CONTAMINATION);
    assertThat(metrics.select(RunMetricsTable.METRIC).distinct().count()).isEqualTo(4);
  }

  @Test
  void aBenchmarkWithoutReadableItemsStopsTheRunWithWhatToFix() throws Exception {
    Path broken = tmp.resolve("broken.jsonl");
    Files.writeString(broken, "{\"id\": 1, \"prompt\": \"x\"}\nnot json\n", StandardCharsets.UTF_8);
    SourceSpec spec = new SourceSpec("broken", Format.JSONL, List.of(broken.toString()), "id", "text", "category",
        List.of(), null, true, ",", null, null);
    assertThatThrownBy(() -> BenchmarkItems.read(SPARK.spark(), List.of(spec)))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("benchmark 'broken'")
        .hasMessageContaining("none of its 2 records")
        .hasMessageContaining("fields.text");
    SourceSpec missing = new SourceSpec("missing", Format.JSONL, List.of(tmp.resolve("nope.jsonl").toString()), "id",
        "text", "category", List.of(), null, true, ",", null, null);
    assertThatThrownBy(() -> BenchmarkItems.read(SPARK.spark(), List.of(missing)))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void settingsComeFromConfigAndBadValuesSayWhichKey() {
    ContaminationSettings defaults = ContaminationSettings.fromConfig(ConfigFactory.load());
    assertThat(defaults.benchmarks()).isEmpty();
    assertThat(defaults.ngram()).isEqualTo(13);
    ContaminationSettings listed = ContaminationSettings.fromConfig(ConfigFactory.parseString(
        "synthmix.contamination.benchmarks = [ { name = qa, path = \"" + benchmark + "\", fields { text = [question, answer] } } ]")
        .withFallback(ConfigFactory.load()));
    assertThat(listed.benchmarks()).extracting(SourceSpec::name).containsExactly("qa");
    assertThatThrownBy(() -> ContaminationSettings.fromConfig(ConfigFactory.parseString(
        "synthmix.contamination.min-tokens = 20").withFallback(ConfigFactory.load())))
        .hasMessageContaining(ContaminationSettings.MIN_TOKENS);
  }
}
