package dev.synthmix.pipeline.measure;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A measure run writes each output as the run date's slice and reads its metrics off what it stored. */
class MeasureRunTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static MeasureInput input(DeltaStore store, RunLedger ledger, Dataset<Row> features) {
    Dataset<Row> mix = new MixBuilder().reals("A", 3).reals("B", 1).synthetics("g1", "A", 2).build(SPARK.spark());
    return new MeasureInput(store, ledger, mix, mix, MixProfile.of(mix, MixSlice.CATEGORY), null, features);
  }

  @Test
  void writesEachOutputAsTheRunDatesSliceAndReturnsItsMetrics() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger ledger = TestRuns.ledger("run-1");
    Dataset<Row> metrics = MeasureRun.run(List.of(new CoverageMeasure(new CoverageSettings(0.5)), new LineageMeasure()),
        input(store, ledger, null)).cache();

    Dataset<Row> coverage = store.read(CoverageMeasure.COVERAGE);
    assertThat(coverage.select(DatedOutputs.RUN_ID).distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("run-1");
    // Categories A and B for g1 and for "*": four rows, each counted from the profile.
    assertThat(coverage.count()).isEqualTo(4);
    assertThat(store.exists(CoverageMeasure.COVERAGE_SUMMARY)).isTrue();
    Row share = metrics.where(col(RunMetricsTable.METRIC).equalTo(MetricCatalogue.COVERAGE_SYNTHETIC_SHARE)
        .and(col(RunMetricsTable.CATEGORY).equalTo("A")).and(col(RunMetricsTable.GENERATOR).equalTo("g1"))).first();
    assertThat(share.getDouble(share.fieldIndex(RunMetricsTable.VALUE))).isEqualTo(2.0 / 5);
    assertThat(metrics.schema().fieldNames()).containsExactlyInAnyOrder(RunMetricsTable.SCHEMA.fieldNames());
    // Without a synthetic table the lineage measure adds no rows, and says nothing is missing.
    assertThat(metrics.where(col(RunMetricsTable.METRIC).startsWith("lineage.")).count()).isZero();
    assertThat(ledger.outputVersions()).containsKeys(CoverageMeasure.COVERAGE, CoverageMeasure.COVERAGE_SUMMARY);
  }

  @Test
  void rerunningADateReplacesItsSlice() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    Measure coverage = new CoverageMeasure(new CoverageSettings(0.5));
    MeasureRun.run(coverage, input(store, TestRuns.ledger("run-1"), null)).count();
    MeasureRun.run(coverage, input(store, TestRuns.ledger("run-2"), null)).count();

    assertThat(store.read(CoverageMeasure.COVERAGE).where(col(CoverageTable.GENERATOR).equalTo("g1")).count())
        .isEqualTo(2);
    assertThat(store.read(CoverageMeasure.COVERAGE).select(DatedOutputs.RUN_ID).distinct().count()).isEqualTo(1);
  }

  @Test
  void aMeasureThatNeedsFeaturesSaysSoWhenTheRunHasNone() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    DedupSettings dedup = DedupSettings.defaults();

    assertThatThrownBy(() -> MeasureRun.run(new DedupMeasure(dedup), input(store, TestRuns.ledger("run-1"), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot run dedup")
        .hasMessageContaining("no features");
    assertThat(store.exists("dup_pairs")).as("nothing written").isFalse();
  }
}
