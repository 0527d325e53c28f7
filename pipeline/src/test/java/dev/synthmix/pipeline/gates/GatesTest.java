package dev.synthmix.pipeline.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatesTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  static Dataset<Row> metrics;

  @BeforeAll
  static void start() {
    SPARK.start();
    metrics =
        SPARK
            .spark()
            .createDataFrame(
                List.of(
                    row("coverage.synthetic_share", 0.62, "coverage", "Whig", "markov", null, null),
                    row(
                        "coverage.synthetic_share",
                        0.30,
                        "coverage",
                        "Democratic",
                        "markov",
                        null,
                        null),
                    row("coverage.synthetic_share", 0.40, "coverage", "Whig", "*", null, null),
                    row(
                        "coverage.synthetic_share",
                        0.20,
                        "coverage",
                        "Democratic",
                        "*",
                        null,
                        null),
                    row(
                        "collapse.distinct_2_ratio",
                        0.95,
                        "collapse",
                        "*",
                        "markov",
                        1,
                        "synthetic"),
                    row(
                        "collapse.distinct_2_ratio",
                        0.71,
                        "collapse",
                        "*",
                        "markov",
                        2,
                        "synthetic"),
                    row("collapse.distinct_2_ratio", 0.90, "collapse", "*", "llm", 1, "synthetic"),
                    row(
                        "coverage.synthetic_only_categories",
                        0.0,
                        "coverage_summary",
                        "*",
                        "*",
                        null,
                        null)),
                RunMetricsTable.SCHEMA)
            .cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Row row(
      String metric,
      double value,
      String scope,
      String category,
      String generator,
      Integer depth,
      String origin) {
    return RowFactory.create(metric, value, scope, category, generator, depth, origin);
  }

  static GateSpec gate(
      String name,
      String metric,
      Map<String, String> where,
      Comparator comparator,
      double threshold) {
    return new GateSpec(name, metric, where, comparator, threshold, Severity.FAIL, false, 0);
  }

  @Test
  void rowsThatTieNameTheSameWorstRowInAnyOrder() {
    List<Row> tied = List.of(
        row("lineage.present_share", 1.0, "lineage", "*", "sentence-mix", 1, "synthetic"),
        row("lineage.present_share", 1.0, "lineage", "*", "perturb", 1, "synthetic"),
        row("lineage.present_share", 1.0, "lineage", "*", "markov", 2, "synthetic"),
        row("lineage.present_share", 1.0, "lineage", "*", "markov", 1, "synthetic"));
    GateSpec present = gate("lineage-present", "lineage.present_share", Map.of(), Comparator.GE, 1.0);
    java.util.Set<Map<String, String>> named = new java.util.HashSet<>();
    for (int shift = 0; shift < tied.size(); shift++) {
      List<Row> rotated = new java.util.ArrayList<>(tied.subList(shift, tied.size()));
      rotated.addAll(tied.subList(0, shift));
      Dataset<Row> rows = SPARK.spark().createDataFrame(rotated, RunMetricsTable.SCHEMA)
          .repartition(1 + shift);
      GateVerdict verdict = Gates.evaluate(rows, present);
      assertThat(verdict.status()).isEqualTo(GateVerdict.Status.PASSED);
      named.add(verdict.worstTags());
    }
    assertThat(named).as("one worst row for every order and partitioning").hasSize(1);
    assertThat(named.iterator().next())
        .as("ties go to the smallest tags")
        .containsEntry("generator", "markov")
        .containsEntry("depth", "1");
  }

  @Test
  void failingGateNamesTheWorstRow() {
    GateVerdict verdict =
        Gates.evaluate(
            metrics,
            gate(
                "max-synthetic-share",
                "coverage.synthetic_share",
                Map.of("scope", "coverage"),
                Comparator.LE,
                0.5));
    assertThat(verdict.status()).isEqualTo(GateVerdict.Status.FAILED);
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.failsRun()).isTrue();
    assertThat(verdict.observed()).isEqualTo(0.62);
    assertThat(verdict.worstTags())
        .containsExactly(Map.entry("category", "Whig"), Map.entry("generator", "markov"));
    assertThat(verdict.matchedRows()).isEqualTo(4);
    assertThat(verdict.failingRows()).isEqualTo(1);
    assertThat(verdict.message())
        .isEqualTo(
            "gate max-synthetic-share failed: coverage.synthetic_share = 0.62 for category=Whig"
                + " generator=markov > 0.5 (1 of 4 rows fail)");
  }

  @Test
  void whereSelectsThePooledRowsLiterally() {
    GateVerdict verdict =
        Gates.evaluate(
            metrics,
            gate(
                "max-synthetic-share",
                "coverage.synthetic_share",
                Map.of("generator", "*"),
                Comparator.LE,
                0.5));
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.status()).isEqualTo(GateVerdict.Status.PASSED);
    assertThat(verdict.matchedRows()).isEqualTo(2);
    assertThat(verdict.observed()).as("worst of the passing rows").isEqualTo(0.40);
    assertThat(verdict.message())
        .isEqualTo(
            "gate max-synthetic-share passed: worst coverage.synthetic_share = 0.4 for"
                + " category=Whig generator=* <= 0.5 (2 rows)");
  }

  @Test
  void minimumGatesTakeTheSmallestValueAndFilterOnDepth() {
    GateVerdict all =
        Gates.evaluate(
            metrics, gate("min-d2", "collapse.distinct_2_ratio", Map.of(), Comparator.GE, 0.8));
    assertThat(all.passed()).isFalse();
    assertThat(all.observed()).isEqualTo(0.71);
    assertThat(all.worstTags()).containsEntry("depth", "2").containsEntry("generator", "markov");
    assertThat(all.message())
        .contains("= 0.71 for category=* generator=markov depth=2 origin=synthetic < 0.8");

    GateVerdict depth1 =
        Gates.evaluate(
            metrics,
            gate("min-d2", "collapse.distinct_2_ratio", Map.of("depth", "1"), Comparator.GE, 0.8));
    assertThat(depth1.passed()).isTrue();
    assertThat(depth1.observed()).isEqualTo(0.90);
  }

  @Test
  void equalityAndStrictComparators() {
    assertThat(
            Gates.evaluate(
                    metrics,
                    gate("none", "coverage.synthetic_only_categories", Map.of(), Comparator.EQ, 0))
                .passed())
        .isTrue();
    assertThat(
            Gates.evaluate(
                    metrics,
                    gate("some", "coverage.synthetic_only_categories", Map.of(), Comparator.EQ, 1))
                .passed())
        .isFalse();
    assertThat(
            Gates.evaluate(
                    metrics, gate("lt", "coverage.synthetic_share", Map.of(), Comparator.LT, 0.62))
                .passed())
        .isFalse();
    assertThat(
            Gates.evaluate(
                    metrics, gate("gt", "coverage.synthetic_share", Map.of(), Comparator.GT, 0.2))
                .passed())
        .isFalse();
    assertThat(
            Gates.evaluate(
                    metrics, gate("gt", "coverage.synthetic_share", Map.of(), Comparator.GT, 0.1))
                .passed())
        .isTrue();
  }

  @Test
  void gateWithoutRowsIsNoDataAndFailsOnlyWhenConfigured() {
    GateVerdict lenient =
        Gates.evaluate(
            metrics,
            gate("lineage-present", "lineage.present_share", Map.of(), Comparator.GE, 1.0));
    assertThat(lenient.status()).isEqualTo(GateVerdict.Status.NO_DATA);
    assertThat(lenient.passed()).isTrue();
    assertThat(lenient.observed()).isNull();
    assertThat(lenient.message())
        .isEqualTo(
            "gate lineage-present has no data: no rows of lineage.present_share (not counted as"
                + " failure)");

    GateSpec strict =
        new GateSpec(
            "lineage-present",
            "lineage.present_share",
            Map.of("origin", "synthetic"),
            Comparator.GE,
            1.0,
            Severity.WARN,
            true,
            0);
    List<GateVerdict> verdicts = Gates.evaluate(metrics, List.of(strict));
    assertThat(verdicts.get(0).status()).isEqualTo(GateVerdict.Status.NO_DATA);
    assertThat(verdicts.get(0).passed()).isFalse();
    assertThat(verdicts.get(0).message()).endsWith("where origin=synthetic (counts as failure)");
    assertThat(Gates.anyFailsRun(verdicts)).as("a warning never fails the run").isFalse();
  }

  @Test
  void numbersAreShortInMessages() {
    assertThat(Gates.format(0.5)).isEqualTo("0.5");
    assertThat(Gates.format(0.000123456)).isEqualTo("0.0001235");
    assertThat(Gates.format(12.0)).isEqualTo("12");
    assertThat(Gates.format(2.0 / 3)).isEqualTo("0.6667");
  }

  @Test
  void aRowWhoseGroupHasFewerDocumentsThanMinDocumentsIsSkippedWithThatReason() {
    var leakage =
        SPARK.spark().createDataFrame(List.of(
            row("dup.leakage_rate", 1.0 / 3, "synthetic-real", "tiny", "markov", null, "synthetic"),
            row("dup.leakage_rate", 0.0, "synthetic-real", "big", "markov", null, "synthetic"),
            row("dup.leakage_rate", 1.0 / 103, "synthetic-real", "*", "*", null, "synthetic")),
            RunMetricsTable.SCHEMA);
    var sizes =
        SPARK.spark().createDataFrame(List.of(
            RowFactory.create("synthetic", "tiny", "markov", 1, 3L),
            RowFactory.create("synthetic", "big", "markov", 1, 100L),
            RowFactory.create("real", "tiny", null, 0, 50L),
            RowFactory.create("real", "big", null, 0, 500L)),
            new org.apache.spark.sql.types.StructType()
                .add("origin", "string").add("category", "string").add("generator", "string")
                .add("depth", "int").add(Gates.DOCUMENTS, "long"));
    GateSpec everyRow = new GateSpec("leak", "dup.leakage_rate", Map.of(), Comparator.LE, 0.01, Severity.FAIL, false, 0);
    GateSpec twenty = new GateSpec("leak", "dup.leakage_rate", Map.of(), Comparator.LE, 0.01, Severity.FAIL, false, 20);
    GateSpec tinyOnly =
        new GateSpec("leak-tiny", "dup.leakage_rate", Map.of("category", "tiny"), Comparator.LE, 0.01, Severity.FAIL, false, 20);

    List<GateVerdict> v = Gates.evaluate(leakage, List.of(everyRow, twenty, tinyOnly), sizes);

    assertThat(v.get(0).status()).as("min-documents 0: one leaked record of 3 fails").isEqualTo(GateVerdict.Status.FAILED);
    assertThat(v.get(1).status()).as("3 documents < 20: skipped; 100 and the pooled 103 pass")
        .isEqualTo(GateVerdict.Status.PASSED);
    assertThat(v.get(1).matchedRows()).isEqualTo(2);
    assertThat(v.get(1).message()).endsWith("(2 rows; 1 rows skipped: fewer than 20 documents (min-documents))");
    assertThat(v.get(2).status()).isEqualTo(GateVerdict.Status.SKIPPED);
    assertThat(v.get(2).passed()).isTrue();
    assertThat(v.get(2).message()).isEqualTo("gate leak-tiny skipped: all 1 rows of dup.leakage_rate where category=tiny"
        + " have fewer than 20 documents (min-documents; not counted as failure)");
    assertThatThrownBy(() -> Gates.evaluate(leakage, List.of(twenty)))
        .hasMessageContaining("no group sizes");
  }
}
