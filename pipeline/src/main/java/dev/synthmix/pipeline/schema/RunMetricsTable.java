package dev.synthmix.pipeline.schema;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Metrics in long format, one row per metric and tag combination: the shape of {@code run_metrics}
 * before the store adds the run id and date.
 *
 * <p>Tag convention: {@code "*"} means "all values of this dimension pooled" (e.g. {@code category
 * = "*"} is the all-categories row); null means "this dimension does not apply" (e.g. {@code
 * origin} on a coverage row, {@code depth} on a coverage row, {@code generator} on a real diversity
 * row). {@link #SCOPE} names the table the row comes from ({@code coverage}, {@code
 * coverage_summary}, {@code diversity}, {@code collapse}, {@code dup}, ...). A metric that is not
 * defined for a row (e.g. a ratio with a zero denominator) has no row rather than a null value.
 */
public final class RunMetricsTable {

  private RunMetricsTable() {}

  public static final String METRIC = "metric";
  public static final String VALUE = "value";
  public static final String SCOPE = "scope";
  public static final String CATEGORY = "category";
  public static final String GENERATOR = "generator";
  public static final String DEPTH = "depth";
  public static final String ORIGIN = "origin";

  /** The tags, in the order messages print them. */
  public static final List<String> TAGS = List.of(SCOPE, CATEGORY, GENERATOR, DEPTH, ORIGIN);

  /** Metric and tags: what identifies one series across runs. */
  public static final List<String> KEY = List.of(METRIC, SCOPE, CATEGORY, GENERATOR, DEPTH, ORIGIN);

  public static final StructType SCHEMA =
      new StructType()
          .add(METRIC, DataTypes.StringType, false)
          .add(VALUE, DataTypes.DoubleType, false)
          .add(SCOPE, DataTypes.StringType, true)
          .add(CATEGORY, DataTypes.StringType, true)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, true)
          .add(ORIGIN, DataTypes.StringType, true);
}
