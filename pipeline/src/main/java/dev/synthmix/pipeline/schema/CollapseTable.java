package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Collapse indicators: per generator lineage, depth and diversity metric, the synthetic value, the
 * value of the real documents of the same category set, their ratio, and the least-squares slope of
 * that ratio over depth (negative: diversity shrinking with each generation).
 */
public final class CollapseTable {

  private CollapseTable() {}

  public static final String GENERATOR = "generator";
  public static final String DEPTH = "depth";

  /**
   * A {@link DiversityTable} metric column name, e.g. {@code distinct_2}: synthetic against all real
   * documents of the same categories. With the suffix {@code _equal_size} (e.g. {@code
   * distinct_2_equal_size}; vocabulary, distinct-1/2/3, entropy, rare-n-gram survival): against as
   * many of those real documents as the lineage has (drawn by a fixed hash of the doc id), or the
   * lineage drawn down to the real side when it is the larger; the comparison to read, since raw
   * distinct-n favours the smaller side.
   */
  public static final String METRIC = "metric";

  public static final String SYNTHETIC_VALUE = "synthetic_value";

  /** The metric over the real documents of the categories this generator and depth cover. */
  public static final String REAL_VALUE = "real_value";

  /** synthetic / real; null when the real value is null or zero. */
  public static final String RATIO = "ratio";

  /**
   * Change of {@link #RATIO} per depth step over all depths of the lineage; null with one depth.
   */
  public static final String RATIO_SLOPE = "ratio_slope";

  /** Depths with a ratio in this lineage and metric. */
  public static final String DEPTHS = "depths";

  public static final StructType SCHEMA =
      new StructType()
          .add(GENERATOR, DataTypes.StringType, false)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(METRIC, DataTypes.StringType, false)
          .add(SYNTHETIC_VALUE, DataTypes.DoubleType, true)
          .add(REAL_VALUE, DataTypes.DoubleType, true)
          .add(RATIO, DataTypes.DoubleType, true)
          .add(RATIO_SLOPE, DataTypes.DoubleType, true)
          .add(DEPTHS, DataTypes.LongType, false);
}
