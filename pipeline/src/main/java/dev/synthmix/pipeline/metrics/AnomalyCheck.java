package dev.synthmix.pipeline.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Compares today's metrics with the same metric and tags in the last N earlier runs and reports
 * what moved: a relative change against the previous run above the configured limit, or a value
 * outside mean ± max(k·σ, floor) of the baseline (the floor: {@code min-band-relative}·|mean|,
 * at least {@code min-band-absolute}). Metrics without history are not reported.
 *
 * <p>Output columns: the {@link RunMetricsTable#KEY} columns, then {@link #TODAY}, {@link
 * #PREVIOUS}, {@link #MEAN}, {@link #STDDEV} (sample), {@link #RUNS}, {@link #RELATIVE_CHANGE}
 * (null when the previous value is 0) and {@link #REASON} ({@code relative-change}, {@code
 * outside-band}, or both comma-separated).
 */
public final class AnomalyCheck {

  public static final String TODAY = "today";
  public static final String PREVIOUS = "previous";
  public static final String MEAN = "mean";
  public static final String STDDEV = "stddev";
  public static final String RUNS = "runs";
  public static final String RELATIVE_CHANGE = "relative_change";
  public static final String REASON = "reason";

  public static final String REASON_RELATIVE_CHANGE = "relative-change";
  public static final String REASON_OUTSIDE_BAND = "outside-band";

  /** Below this relative size a difference is floating-point noise, not a move. */
  private static final double TOLERANCE = 1e-9;

  private static final String RANK = "_rank";
  private static final String RIGHT = "_baseline_";

  private final AnomalySettings settings;

  public AnomalyCheck(AnomalySettings settings) {
    this.settings = settings;
  }

  /**
   * @param history earlier runs' metric rows ({@link RunMetricsTable} columns plus {@code
   *     orderColumn}); must not contain today's run
   * @param today today's metric rows ({@link RunMetricsTable} columns)
   * @param orderColumn the run order in {@code history}: a run date or timestamp, later is newer
   */
  public Dataset<Row> check(Dataset<Row> history, Dataset<Row> today, String orderColumn) {
    WindowSpec newestFirst = Window.partitionBy(keyColumns()).orderBy(col(orderColumn).desc());
    Column value = col(RunMetricsTable.VALUE);
    Dataset<Row> baseline =
        history
            .withColumn(RANK, row_number().over(newestFirst))
            .where(col(RANK).leq(settings.windowRuns()))
            .groupBy(keyColumns())
            .agg(
                count(value).as(RUNS),
                avg(value).as(MEAN),
                stddev_samp(value).as(STDDEV),
                max_by(value, col(orderColumn)).as(PREVIOUS));

    Dataset<Row> renamed = baseline;
    for (String key : RunMetricsTable.KEY) {
      renamed = renamed.withColumnRenamed(key, RIGHT + key);
    }
    // Tags are nullable by convention, so the keys compare null-safely.
    Column condition = lit(true);
    for (String key : RunMetricsTable.KEY) {
      condition = condition.and(col(key).eqNullSafe(col(RIGHT + key)));
    }

    Column todayValue = col(TODAY);
    Column previous = col(PREVIOUS);
    Column relativeChange =
        todayValue.minus(previous).divide(when(previous.notEqual(0.0), abs(previous)));
    Column tolerance = greatest(lit(1.0), abs(col(MEAN))).multiply(TOLERANCE);
    Column jumped =
        abs(col(RELATIVE_CHANGE))
            .gt(settings.maxRelativeChange())
            .or(previous.equalTo(0.0).and(abs(todayValue).gt(TOLERANCE)));
    // k·σ, but never narrower than the floor: a series that never moved has σ = 0, and any change
    // at all would otherwise be "outside the band".
    Column halfWidth =
        greatest(
            col(STDDEV).multiply(settings.stddevFactor()),
            abs(col(MEAN)).multiply(settings.minBandRelative()),
            lit(settings.minBandAbsolute()));
    Column outsideBand =
        col(RUNS)
            .geq(settings.minHistoryRuns())
            .and(
                abs(todayValue.minus(col(MEAN)))
                    .gt(halfWidth.plus(tolerance)));

    List<Column> output = new ArrayList<>(keyColumnList());
    output.add(todayValue);
    output.add(previous);
    output.add(col(MEAN));
    output.add(col(STDDEV));
    output.add(col(RUNS));
    output.add(col(RELATIVE_CHANGE));
    output.add(
        concat_ws(
                ",",
                when(jumped, lit(REASON_RELATIVE_CHANGE)),
                when(outsideBand, lit(REASON_OUTSIDE_BAND)))
            .as(REASON));

    return today
        .withColumnRenamed(RunMetricsTable.VALUE, TODAY)
        .join(renamed, condition, "inner")
        .withColumn(RELATIVE_CHANGE, relativeChange)
        .select(output.toArray(new Column[0]))
        .where(col(REASON).notEqual(""));
  }

  private static List<Column> keyColumnList() {
    List<Column> columns = new ArrayList<>();
    for (String key : RunMetricsTable.KEY) {
      columns.add(col(key));
    }
    return columns;
  }

  private static Column[] keyColumns() {
    return keyColumnList().toArray(new Column[0]);
  }
}
