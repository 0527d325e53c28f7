package dev.synthmix.pipeline.gates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluates {@link GateSpec}s over long-format metrics ({@link RunMetricsTable}). Each gate is one
 * small aggregation (rows matched, rows failing, worst row), collected to the driver: verdicts are
 * few and the metrics table is small.
 */
public final class Gates {

  private static final String MATCHED = "_matched";
  private static final String FAILING = "_failing";
  private static final String WORST = "_worst";

  /** Tags printed in messages, in order; scope is left out as the metric name implies it. */
  private static final List<String> MESSAGE_TAGS =
      List.of(
          RunMetricsTable.CATEGORY,
          RunMetricsTable.GENERATOR,
          RunMetricsTable.DEPTH,
          RunMetricsTable.ORIGIN);

  private Gates() {}

  /** One verdict per gate, in the order of {@code gates}. */
  public static List<GateVerdict> evaluate(Dataset<Row> metricsLong, List<GateSpec> gates) {
    List<GateVerdict> verdicts = new ArrayList<>();
    for (GateSpec gate : gates) {
      verdicts.add(evaluate(metricsLong, gate));
    }
    return verdicts;
  }

  /** True when any verdict fails the run (see {@link GateVerdict#failsRun()}). */
  public static boolean anyFailsRun(List<GateVerdict> verdicts) {
    return verdicts.stream().anyMatch(GateVerdict::failsRun);
  }

  /** The verdict of one gate. */
  public static GateVerdict evaluate(Dataset<Row> metricsLong, GateSpec gate) {
    Column value = col(RunMetricsTable.VALUE);
    Column passes = gate.comparator().passes(value, gate.threshold());
    List<Column> worstFields = new ArrayList<>();
    worstFields.add(value.as(RunMetricsTable.VALUE));
    for (String tag : MESSAGE_TAGS) {
      worstFields.add(col(tag).cast("string").as(tag));
    }
    Row result =
        metricsLong
            .where(filter(gate))
            .agg(
                count(lit(1)).as(MATCHED),
                count(when(not(passes), lit(1))).as(FAILING),
                max_by(
                        struct(worstFields.toArray(new Column[0])),
                        gate.comparator().badness(value, gate.threshold()))
                    .as(WORST))
            .first();
    long matched = result.getLong(0);
    long failing = result.getLong(1);
    if (matched == 0) {
      return noData(gate);
    }
    Row worst = result.getStruct(2);
    double observed = worst.getDouble(0);
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < MESSAGE_TAGS.size(); i++) {
      if (!worst.isNullAt(i + 1)) {
        tags.put(MESSAGE_TAGS.get(i), worst.getString(i + 1));
      }
    }
    boolean passed = failing == 0;
    String message =
        passed
            ? String.format(
                "gate %s passed: worst %s = %s%s %s %s (%d rows)",
                gate.name(),
                gate.metric(),
                format(observed),
                forTags(tags),
                gate.comparator().symbol(),
                format(gate.threshold()),
                matched)
            : String.format(
                "gate %s failed: %s = %s%s %s %s (%d of %d rows fail)",
                gate.name(),
                gate.metric(),
                format(observed),
                forTags(tags),
                gate.comparator().violation(),
                format(gate.threshold()),
                failing,
                matched);
    return new GateVerdict(
        gate.name(),
        gate.metric(),
        gate.comparator(),
        gate.threshold(),
        observed,
        tags,
        matched,
        failing,
        passed ? GateVerdict.Status.PASSED : GateVerdict.Status.FAILED,
        passed,
        gate.severity(),
        message);
  }

  private static GateVerdict noData(GateSpec gate) {
    StringBuilder message =
        new StringBuilder("gate ")
            .append(gate.name())
            .append(" has no data: no rows of ")
            .append(gate.metric());
    if (!gate.where().isEmpty()) {
      message.append(" where").append(tagList(gate.where()));
    }
    message.append(gate.failOnNoData() ? " (counts as failure)" : " (not counted as failure)");
    return new GateVerdict(
        gate.name(),
        gate.metric(),
        gate.comparator(),
        gate.threshold(),
        null,
        Map.of(),
        0,
        0,
        GateVerdict.Status.NO_DATA,
        !gate.failOnNoData(),
        gate.severity(),
        message.toString());
  }

  /** The metric and every where-tag, compared as strings (depth included). */
  private static Column filter(GateSpec gate) {
    Column condition = col(RunMetricsTable.METRIC).equalTo(gate.metric());
    for (Map.Entry<String, String> tag : gate.where().entrySet()) {
      condition = condition.and(col(tag.getKey()).cast("string").equalTo(tag.getValue()));
    }
    return condition;
  }

  private static String forTags(Map<String, String> tags) {
    return tags.isEmpty() ? "" : " for" + tagList(tags);
  }

  private static String tagList(Map<String, String> tags) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      out.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
    }
    return out.toString();
  }

  /** Short human form: 4 significant digits below 1, 4 decimals above, no trailing zeros. */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    BigDecimal decimal = BigDecimal.valueOf(value);
    BigDecimal rounded =
        Math.abs(value) < 1.0
            ? decimal.round(new MathContext(4, RoundingMode.HALF_UP))
            : decimal.setScale(4, RoundingMode.HALF_UP);
    String text = rounded.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
