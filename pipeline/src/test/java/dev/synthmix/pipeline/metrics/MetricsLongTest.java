package dev.synthmix.pipeline.metrics;

import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsLongTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  static Dataset<Row> coverage;

  @BeforeAll
  static void start() {
    SPARK.start();
    Dataset<Row> mix =
        new MixBuilder()
            .reals("A", 4)
            .reals("B", 4)
            .synthetics("g1", "B", 6)
            .synthetics("g1", "D", 2)
            .build(SPARK.spark());
    coverage =
        MetricsLong.fromCoverage(new Coverage(new CoverageSettings(0.5)).measure(mix)).cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Column is(String metric, String category, String generator) {
    return col(RunMetricsTable.METRIC)
        .equalTo(metric)
        .and(col(RunMetricsTable.CATEGORY).equalTo(category))
        .and(col(RunMetricsTable.GENERATOR).equalTo(generator));
  }

  @Test
  void coverageRowsCarryTheirTagsAndNullForTheRest() {
    assertThat(coverage.columns()).containsExactly(RunMetricsTable.SCHEMA.fieldNames());
    Row share = one(coverage, is("coverage.synthetic_share", "B", "*"));
    assertThat(share.<Double>getAs(RunMetricsTable.VALUE)).isEqualTo(0.6);
    assertThat(share.<String>getAs(RunMetricsTable.SCOPE)).isEqualTo(MetricsLong.SCOPE_COVERAGE);
    assertThat(share.<Integer>getAs(RunMetricsTable.DEPTH)).isNull();
    assertThat(share.<String>getAs(RunMetricsTable.ORIGIN)).isNull();
  }

  @Test
  void undefinedValuesHaveNoRow() {
    // D has no real documents, so no synthetic/real ratio.
    assertThat(coverage.where(is("coverage.synthetic_real_ratio", "D", "g1")).count()).isZero();
    assertThat(coverage.where(is("coverage.synthetic_share", "D", "g1")).count()).isEqualTo(1);
  }

  @Test
  void summaryRowsAreAllCategories() {
    Row onlySynthetic = one(coverage, is("coverage.synthetic_only_categories", "*", "*"));
    assertThat(onlySynthetic.<Double>getAs(RunMetricsTable.VALUE)).isEqualTo(1.0);
    assertThat(onlySynthetic.<String>getAs(RunMetricsTable.SCOPE))
        .isEqualTo(MetricsLong.SCOPE_COVERAGE_SUMMARY);
    Row covered = one(coverage, is("coverage.category_coverage", "*", "g1"));
    assertThat(covered.<Double>getAs(RunMetricsTable.VALUE)).isEqualTo(0.5);
    // Summary names never collide with per-category ones.
    assertThat(coverage.where(is("coverage.synthetic_share", "*", "*")).count()).isZero();
  }

  @Test
  void collapseGivesRatiosPerDepthAndOneSlopePerLineage() {
    Dataset<Row> collapse =
        SPARK
            .spark()
            .createDataFrame(
                List.of(
                    RowFactory.create("g", 1, "distinct_2", 0.9, 1.0, 0.9, -0.2, 2L),
                    RowFactory.create("g", 2, "distinct_2", 0.7, 1.0, 0.7, -0.2, 2L),
                    RowFactory.create("h", 1, "distinct_2", 0.5, 0.0, null, null, 0L)),
                CollapseTable.SCHEMA);
    Dataset<Row> rows = MetricsLong.fromCollapse(collapse);
    assertThat(rows.count()).as("2 ratios for g, 1 slope for g; h has neither").isEqualTo(3);
    Row slope = one(rows, col(RunMetricsTable.METRIC).equalTo("collapse.distinct_2_slope"));
    assertThat(slope.<Integer>getAs(RunMetricsTable.DEPTH)).isNull();
    assertThat(slope.<Double>getAs(RunMetricsTable.VALUE)).isEqualTo(-0.2);
    Row ratio =
        one(
            rows,
            col(RunMetricsTable.METRIC)
                .equalTo("collapse.distinct_2_ratio")
                .and(col(RunMetricsTable.DEPTH).equalTo(2)));
    assertThat(ratio.<String>getAs(RunMetricsTable.GENERATOR)).isEqualTo("g");
    assertThat(ratio.<String>getAs(RunMetricsTable.SCOPE)).isEqualTo(MetricsLong.SCOPE_COLLAPSE);
  }

  @Test
  void anyWideTableWithAbsentTags() {
    Dataset<Row> wide =
        SPARK
            .spark()
            .createDataFrame(
                List.of(RowFactory.create("m", 3L)),
                new StructType().add("generator", "string").add("pairs", "long"));
    Row row = MetricsLong.fromWide(wide, "dup", Map.of("pairs", "dup.pairs")).first();
    assertThat(row.<String>getAs(RunMetricsTable.METRIC)).isEqualTo("dup.pairs");
    assertThat(row.<Double>getAs(RunMetricsTable.VALUE)).isEqualTo(3.0);
    assertThat(row.<String>getAs(RunMetricsTable.GENERATOR)).isEqualTo("m");
    assertThat(row.<String>getAs(RunMetricsTable.CATEGORY)).isNull();
  }
}
