package dev.synthmix.pipeline.metrics;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import static dev.synthmix.pipeline.testing.Rows.lng;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Five daily runs of a few series, then today. Baseline: last 4 runs, band of 3σ, relative change
 * limit 25%.
 */
class AnomalyCheckTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final String RUN_DATE = "run_date";
  static final StructType HISTORY = RunMetricsTable.SCHEMA.add(RUN_DATE, DataTypes.DateType, false);

  static Dataset<Row> moved;

  @BeforeAll
  static void start() {
    SPARK.start();
    List<Row> history = new ArrayList<>();
    // jump: stable around 0.5, today 0.8 (the oldest run, 100, is outside the 4-run window).
    series(history, "diversity.distinct_2", "markov", 100, 0.50, 0.51, 0.49, 0.50);
    // stable: the same history, today within the noise.
    series(history, "diversity.distinct_1", "markov", 0.50, 0.50, 0.51, 0.49, 0.50);
    // a series whose generator tag is null (real rows): must still be matched, and it jumps.
    series(history, "diversity.entropy_bits", null, 7.0, 7.0, 7.1, 6.9, 7.0);
    // a slow drift: each step under 25%, today outside the band of a flat history.
    series(history, "coverage.synthetic_share", "*", 0.30, 0.30, 0.30, 0.30, 0.30);
    // never moved (sigma = 0): a 1% change is inside the floor of 5% of the mean.
    series(history, "coverage.synthetic_real_ratio", "*", 0.30, 0.30, 0.30, 0.30, 0.30);
    // only one earlier run: no band; a small change is not reported.
    history.add(metric("dup.leakage_rate", 0.010, "*", day(5)));

    List<Row> today = new ArrayList<>();
    today.add(metric("diversity.distinct_2", 0.80, "markov", null));
    today.add(metric("diversity.distinct_1", 0.505, "markov", null));
    today.add(metric("diversity.entropy_bits", 3.0, null, null));
    today.add(metric("coverage.synthetic_share", 0.36, "*", null));
    today.add(metric("dup.leakage_rate", 0.011, "*", null));
    today.add(metric("coverage.synthetic_real_ratio", 0.303, "*", null));
    today.add(metric("brand.new", 1.0, "*", null));

    Dataset<Row> historyRows = SPARK.spark().createDataFrame(history, HISTORY);
    Dataset<Row> todayRows = SPARK.spark().createDataFrame(today, RunMetricsTable.SCHEMA);
    moved =
        new AnomalyCheck(new AnomalySettings(4, 3.0, 0.25, 3, 0.05, 0.001))
            .check(historyRows, todayRows, RUN_DATE)
            .cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static void series(List<Row> rows, String metric, String generator, double... values) {
    for (int i = 0; i < values.length; i++) {
      rows.add(metric(metric, values[i], generator, day(i + 1)));
    }
  }

  static Row metric(String metric, double value, String generator, Date runDate) {
    return runDate == null
        ? RowFactory.create(metric, value, "diversity", "*", generator, 1, "synthetic")
        : RowFactory.create(metric, value, "diversity", "*", generator, 1, "synthetic", runDate);
  }

  static Date day(int n) {
    return Date.valueOf(LocalDate.of(2026, 11, n));
  }

  static Row movedRow(String metric) {
    return one(moved, col(RunMetricsTable.METRIC).equalTo(metric));
  }

  @Test
  void aJumpIsFlaggedAgainstTheLastNRuns() {
    Row jump = movedRow("diversity.distinct_2");
    assertThat(dbl(jump, AnomalyCheck.TODAY)).isEqualTo(0.80);
    assertThat(dbl(jump, AnomalyCheck.PREVIOUS)).isEqualTo(0.50);
    assertThat(dbl(jump, AnomalyCheck.MEAN))
        .as("100 is outside the window")
        .isCloseTo(0.50, within(1e-12));
    assertThat(lng(jump, AnomalyCheck.RUNS)).isEqualTo(4);
    assertThat(dbl(jump, AnomalyCheck.RELATIVE_CHANGE)).isCloseTo(0.6, within(1e-12));
    assertThat(jump.<String>getAs(AnomalyCheck.REASON)).isEqualTo("relative-change,outside-band");
  }

  @Test
  void aStableSeriesIsNotFlagged() {
    assertThat(moved.where(col(RunMetricsTable.METRIC).equalTo("diversity.distinct_1")).count())
        .isZero();
    assertThat(moved.where(col(RunMetricsTable.METRIC).equalTo("dup.leakage_rate")).count())
        .isZero();
    assertThat(moved.where(col(RunMetricsTable.METRIC).equalTo("coverage.synthetic_real_ratio")).count())
        .as("a flat history (sigma 0) moved by 1%: inside the floor of the band")
        .isZero();
    assertThat(moved.where(col(RunMetricsTable.METRIC).equalTo("brand.new")).count())
        .as("no history")
        .isZero();
  }

  @Test
  void nullTagsStillMatchTheirHistory() {
    Row entropy = movedRow("diversity.entropy_bits");
    assertThat(entropy.<String>getAs(RunMetricsTable.GENERATOR)).isNull();
    assertThat(dbl(entropy, AnomalyCheck.PREVIOUS)).isEqualTo(7.0);
  }

  @Test
  void aSmallMoveOutOfAFlatBandIsFlaggedByTheBandAlone() {
    Row drift = movedRow("coverage.synthetic_share");
    assertThat(drift.<String>getAs(AnomalyCheck.REASON)).isEqualTo("outside-band");
    assertThat(dbl(drift, AnomalyCheck.STDDEV)).isEqualTo(0.0);
    assertThat(moved.count()).isEqualTo(3);
  }

  @Test
  void settingsComeFromConfigAndAreValidated() {
    AnomalySettings defaults = AnomalySettings.fromConfig(ConfigFactory.load());
    assertThat(defaults.windowRuns()).isEqualTo(10);
    assertThat(defaults.stddevFactor()).isEqualTo(3.0);
    assertThat(defaults.minBandRelative()).isEqualTo(0.05);
    assertThatThrownBy(() -> new AnomalySettings(5, 3.0, 0.25, 1, 0.05, 0.001))
        .hasMessageStartingWith("Cannot read synthmix.anomaly.min-history-runs");
  }
}
