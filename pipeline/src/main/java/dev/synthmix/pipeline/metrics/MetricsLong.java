package dev.synthmix.pipeline.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.CoverageSummaryTable;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns wide metric tables into {@link RunMetricsTable} rows (metric, value, tags): the shape
 * stored as {@code run_metrics}, compared run over run and read by the gates.
 *
 * <p>Metric names are {@code <stage>.<column>}; see {@link RunMetricsTable} for the tag
 * conventions. Null and NaN values produce no row.
 */
public final class MetricsLong {

  public static final String SCOPE_COVERAGE = MetricCatalogue.SCOPE_COVERAGE;
  public static final String SCOPE_COVERAGE_SUMMARY = MetricCatalogue.SCOPE_COVERAGE_SUMMARY;
  public static final String SCOPE_DIVERSITY = MetricCatalogue.SCOPE_DIVERSITY;
  public static final String SCOPE_COLLAPSE = MetricCatalogue.SCOPE_COLLAPSE;

  /** Coverage table columns and their metric names (tags: category, generator). */
  public static final Map<String, String> COVERAGE_METRICS =
      names(
          CoverageTable.REAL_COUNT, MetricCatalogue.COVERAGE_REAL_COUNT,
          CoverageTable.SYNTHETIC_COUNT, MetricCatalogue.COVERAGE_SYNTHETIC_COUNT,
          CoverageTable.SYNTHETIC_SHARE, MetricCatalogue.COVERAGE_SYNTHETIC_SHARE,
          CoverageTable.SYNTHETIC_REAL_RATIO, MetricCatalogue.COVERAGE_SYNTHETIC_REAL_RATIO);

  /**
   * Coverage summary columns and their metric names (tags: generator, category "*"). Named apart
   * from the per-category metrics so that a gate on {@code coverage.synthetic_share} never picks up
   * a whole-mix share by accident.
   */
  public static final Map<String, String> COVERAGE_SUMMARY_METRICS =
      names(
          CoverageSummaryTable.REAL_CATEGORIES, MetricCatalogue.COVERAGE_REAL_CATEGORIES,
          CoverageSummaryTable.COVERED_CATEGORIES, MetricCatalogue.COVERAGE_COVERED_CATEGORIES,
          CoverageSummaryTable.MISSING_CATEGORIES, MetricCatalogue.COVERAGE_MISSING_CATEGORIES,
          CoverageSummaryTable.SYNTHETIC_ONLY_CATEGORIES, MetricCatalogue.COVERAGE_SYNTHETIC_ONLY_CATEGORIES,
          CoverageSummaryTable.OVER_FILLED_CATEGORIES, MetricCatalogue.COVERAGE_OVER_FILLED_CATEGORIES,
          CoverageSummaryTable.REAL_COUNT, MetricCatalogue.COVERAGE_TOTAL_REAL_COUNT,
          CoverageSummaryTable.SYNTHETIC_COUNT, MetricCatalogue.COVERAGE_TOTAL_SYNTHETIC_COUNT,
          CoverageSummaryTable.SYNTHETIC_SHARE, MetricCatalogue.COVERAGE_TOTAL_SYNTHETIC_SHARE,
          CoverageSummaryTable.CATEGORY_COVERAGE, MetricCatalogue.COVERAGE_CATEGORY_COVERAGE,
          CoverageSummaryTable.CATEGORY_ADHERENCE, MetricCatalogue.COVERAGE_CATEGORY_ADHERENCE,
          CoverageSummaryTable.TV_DISTANCE, MetricCatalogue.COVERAGE_TV_DISTANCE);

  private static final String M = "_m";

  private MetricsLong() {}

  /**
   * Long rows of a wide table: for each entry of {@code metrics} (column → metric name) one row per
   * input row. Tags are read from the columns of the same name when the table has them; absent tag
   * columns are null (the dimension does not apply).
   */
  public static Dataset<Row> fromWide(
      Dataset<Row> wide, String scope, Map<String, String> metrics) {
    List<Column> values = new ArrayList<>();
    for (Map.Entry<String, String> metric : metrics.entrySet()) {
      values.add(
          struct(
              lit(metric.getValue()).as(RunMetricsTable.METRIC),
              col(metric.getKey()).cast("double").as(RunMetricsTable.VALUE)));
    }
    List<String> present = Arrays.asList(wide.columns());
    List<Column> columns = new ArrayList<>();
    columns.add(explode(array(values.toArray(new Column[0]))).as(M));
    columns.add(lit(scope).as(RunMetricsTable.SCOPE));
    columns.add(tag(present, RunMetricsTable.CATEGORY, DataTypes.StringType));
    columns.add(tag(present, RunMetricsTable.GENERATOR, DataTypes.StringType));
    columns.add(tag(present, RunMetricsTable.DEPTH, DataTypes.IntegerType));
    columns.add(tag(present, RunMetricsTable.ORIGIN, DataTypes.StringType));
    Column value = col(M + "." + RunMetricsTable.VALUE);
    return wide.select(columns.toArray(new Column[0]))
        .where(value.isNotNull().and(not(isnan(value))))
        .select(
            col(M + "." + RunMetricsTable.METRIC).as(RunMetricsTable.METRIC),
            value.as(RunMetricsTable.VALUE),
            col(RunMetricsTable.SCOPE),
            col(RunMetricsTable.CATEGORY),
            col(RunMetricsTable.GENERATOR),
            col(RunMetricsTable.DEPTH),
            col(RunMetricsTable.ORIGIN));
  }

  /** Long rows of both coverage outputs. */
  public static Dataset<Row> fromCoverage(Coverage.Result coverage) {
    Dataset<Row> perCategory = fromWide(coverage.table(), SCOPE_COVERAGE, COVERAGE_METRICS);
    Dataset<Row> summary =
        fromWide(
            coverage.summary().withColumn(RunMetricsTable.CATEGORY, lit(CoverageTable.ALL)),
            SCOPE_COVERAGE_SUMMARY,
            COVERAGE_SUMMARY_METRICS);
    return perCategory.unionByName(summary);
  }

  /** Long rows of a {@link DiversityTable}: {@code diversity.<column>}. */
  public static Dataset<Row> fromDiversity(Dataset<Row> diversity) {
    Map<String, String> metrics = new LinkedHashMap<>();
    for (String column : DiversityTable.METRICS) {
      metrics.put(column, MetricCatalogue.diversity(column));
    }
    return fromWide(diversity, SCOPE_DIVERSITY, metrics);
  }

  /**
   * Long rows of a {@link CollapseTable}: {@code collapse.<metric>_ratio} per generator and depth,
   * and {@code collapse.<metric>_slope} per generator (depth null, as it spans all depths).
   */
  public static Dataset<Row> fromCollapse(Dataset<Row> collapse) {
    Column metric = col(CollapseTable.METRIC);
    Dataset<Row> ratios =
        collapse.select(
            concat(lit(SCOPE_COLLAPSE + "."), metric, lit("_ratio")).as(RunMetricsTable.METRIC),
            col(CollapseTable.RATIO).as(RunMetricsTable.VALUE),
            col(CollapseTable.GENERATOR),
            col(CollapseTable.DEPTH));
    Dataset<Row> slopes =
        collapse
            .select(
                concat(lit(SCOPE_COLLAPSE + "."), metric, lit("_slope")).as(RunMetricsTable.METRIC),
                col(CollapseTable.RATIO_SLOPE).as(RunMetricsTable.VALUE),
                col(CollapseTable.GENERATOR))
            .distinct();
    return fromMetricColumn(ratios).unionByName(fromMetricColumn(slopes));
  }

  /** A table already holding metric and value columns, completed with the collapse tags. */
  private static Dataset<Row> fromMetricColumn(Dataset<Row> rows) {
    List<String> present = Arrays.asList(rows.columns());
    Column value = col(RunMetricsTable.VALUE).cast("double");
    return rows.where(value.isNotNull().and(not(isnan(value))))
        .select(
            col(RunMetricsTable.METRIC),
            value.as(RunMetricsTable.VALUE),
            lit(SCOPE_COLLAPSE).as(RunMetricsTable.SCOPE),
            lit(CoverageTable.ALL).as(RunMetricsTable.CATEGORY),
            tag(present, RunMetricsTable.GENERATOR, DataTypes.StringType),
            tag(present, RunMetricsTable.DEPTH, DataTypes.IntegerType),
            lit(TrainingMix.ORIGIN_SYNTHETIC).as(RunMetricsTable.ORIGIN));
  }

  private static Column tag(List<String> present, String name, DataType type) {
    Column value = present.contains(name) ? col(name) : lit(null);
    return value.cast(type).as(name);
  }

  /** An ordered column → metric-name map from alternating arguments. */
  private static Map<String, String> names(String... columnsAndNames) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndNames.length; i += 2) {
      map.put(columnsAndNames[i], columnsAndNames[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
