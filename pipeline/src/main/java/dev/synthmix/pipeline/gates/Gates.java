package dev.synthmix.pipeline.gates;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.MixProfileTable;
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
  private static final String SKIPPED = "_skipped";
  private static final String ALL = "*";

  /** Tags printed in messages, in order; scope is left out as the metric name implies it. */
  private static final List<String> MESSAGE_TAGS =
      List.of(
          RunMetricsTable.CATEGORY,
          RunMetricsTable.GENERATOR,
          RunMetricsTable.DEPTH,
          RunMetricsTable.ORIGIN);

  private Gates() {}

  /** Group sizes: the documents of each (origin, category, generator, depth) of the mix. */
  public static final String DOCUMENTS = MixProfileTable.DOCUMENTS;

  private static final String ROW_DOCUMENTS = "_documents";
  private static final String ROW_ID = "_row";
  private static final String GROUP = "_group_";

  /** One verdict per gate, in the order of {@code gates}; no gate may ask for min-documents. */
  public static List<GateVerdict> evaluate(Dataset<Row> metricsLong, List<GateSpec> gates) {
    return evaluate(metricsLong, gates, null);
  }

  /**
   * One verdict per gate, in the order of {@code gates}.
   *
   * @param groupSizes documents per tag combination of the mix: {@link #DOCUMENTS} and any of the
   *     category, generator, depth and origin columns (the audit passes its MixProfile rows, {@link
   *     dev.synthmix.pipeline.mix.MixCounts} computes them from a mix); null when no gate
   *     sets min-documents
   */
  public static List<GateVerdict> evaluate(Dataset<Row> metricsLong, List<GateSpec> gates, Dataset<Row> groupSizes) {
    boolean sized = gates.stream().anyMatch(g -> g.minDocuments() > 0);
    if (sized && groupSizes == null) {
      throw new IllegalArgumentException("Cannot evaluate gates with min-documents: no group sizes given");
    }
    Dataset<Row> rows = sized ? withDocuments(metricsLong, groupSizes).cache() : metricsLong;
    try {
      List<GateVerdict> verdicts = new ArrayList<>();
      for (GateSpec gate : gates) {
        verdicts.add(evaluate(rows, gate));
      }
      return verdicts;
    } finally {
      if (sized) {
        rows.unpersist();
      }
    }
  }

  /**
   * Each metric row with the number of documents that carry its tags: a tag that is null (does not
   * apply) or "*" (pooled) matches every group, any other value only groups with that value.
   */
  static Dataset<Row> withDocuments(Dataset<Row> metricsLong, Dataset<Row> groupSizes) {
    List<String> groupColumns = List.of(groupSizes.columns());
    Dataset<Row> groups = groupSizes;
    for (String c : groupColumns) {
      groups = groups.withColumnRenamed(c, GROUP + c);
    }
    Column on = lit(true);
    for (String tag : MESSAGE_TAGS) {
      if (groupColumns.contains(tag)) {
        Column t = col(tag).cast("string");
        on = on.and(t.isNull().or(t.equalTo(ALL)).or(t.equalTo(col(GROUP + tag).cast("string"))));
      }
    }
    Dataset<Row> numbered = metricsLong.withColumn(ROW_ID, monotonically_increasing_id());
    List<Column> keep = new ArrayList<>();
    for (String c : numbered.columns()) {
      keep.add(col(c));
    }
    return numbered.join(broadcast(groups), on, "left")
        .groupBy(keep.toArray(new Column[0]))
        .agg(coalesce(sum(col(GROUP + DOCUMENTS)), lit(0L)).as(ROW_DOCUMENTS))
        .drop(ROW_ID);
  }

  /**
   * Ascending order of worst first: negated badness, then the message tags (nulls first); null
   * where the badness is null, so such a row is never the worst (as with max_by on the badness).
   */
  private static Column worstOrder(Column badness) {
    List<Column> key = new ArrayList<>();
    key.add(badness.cast("double").multiply(-1.0));
    for (String tag : MESSAGE_TAGS) {
      key.add(col(tag).cast("string"));
    }
    return when(badness.isNotNull(), struct(key.toArray(new Column[0])));
  }

  /** True when any verdict fails the run (see {@link GateVerdict#failsRun()}). */
  public static boolean anyFailsRun(List<GateVerdict> verdicts) {
    return verdicts.stream().anyMatch(GateVerdict::failsRun);
  }

  /** The verdict of one gate over rows that carry their group size when it sets min-documents. */
  static GateVerdict evaluate(Dataset<Row> metricsLong, GateSpec gate) {
    Column value = col(RunMetricsTable.VALUE);
    Column skipped = gate.minDocuments() > 0 ? col(ROW_DOCUMENTS).lt(gate.minDocuments()) : lit(false);
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
                count(when(not(skipped).and(not(passes)), lit(1))).as(FAILING),
                // The worst row is the one with the greatest badness; rows that tie (e.g. every
                // row at 1.0) go to the smallest tags, so the verdict names the same row whatever
                // the row order, partitioning or cluster (max_by alone picks any of the ties).
                min_by(
                        struct(worstFields.toArray(new Column[0])),
                        when(not(skipped), worstOrder(gate.comparator().badness(value, gate.threshold()))))
                    .as(WORST),
                count(when(skipped, lit(1))).as(SKIPPED))
            .first();
    long matched = result.getLong(0);
    long failing = result.getLong(1);
    long skippedRows = result.getLong(3);
    if (matched == 0) {
      return noData(gate);
    }
    if (skippedRows == matched) {
      return skipped(gate, matched);
    }
    matched -= skippedRows;
    String skipNote = skippedRows == 0 ? "" : String.format("; %d rows skipped: fewer than %d documents (min-documents)",
        skippedRows, gate.minDocuments());
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
                "gate %s passed: worst %s = %s%s %s %s (%d rows%s)",
                gate.name(),
                gate.metric(),
                format(observed),
                forTags(tags),
                gate.comparator().symbol(),
                format(gate.threshold()),
                matched,
                skipNote)
            : String.format(
                "gate %s failed: %s = %s%s %s %s (%d of %d rows fail%s)",
                gate.name(),
                gate.metric(),
                format(observed),
                forTags(tags),
                gate.comparator().violation(),
                format(gate.threshold()),
                failing,
                matched,
                skipNote);
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

  private static GateVerdict skipped(GateSpec gate, long rows) {
    String message = String.format("gate %s skipped: all %d rows of %s%s have fewer than %d documents (min-documents;"
        + " not counted as failure)", gate.name(), rows, gate.metric(),
        gate.where().isEmpty() ? "" : " where" + tagList(gate.where()), gate.minDocuments());
    return new GateVerdict(gate.name(), gate.metric(), gate.comparator(), gate.threshold(), null, Map.of(), rows, 0,
        GateVerdict.Status.SKIPPED, true, gate.severity(), message);
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
