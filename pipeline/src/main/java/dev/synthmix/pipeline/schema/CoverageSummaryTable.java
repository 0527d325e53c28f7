package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Coverage summary: one row per generator plus one row for all generators ({@link
 * CoverageTable#ALL}), comparing the synthetic category distribution with the real one.
 */
public final class CoverageSummaryTable {

  private CoverageSummaryTable() {}

  public static final String GENERATOR = "generator";
  public static final String REAL_CATEGORIES = "real_categories";
  public static final String COVERED_CATEGORIES = "covered_categories";
  public static final String MISSING_CATEGORIES = "missing_categories";
  public static final String SYNTHETIC_ONLY_CATEGORIES = "synthetic_only_categories";
  public static final String OVER_FILLED_CATEGORIES = "over_filled_categories";
  public static final String REAL_COUNT = "real_count";
  public static final String SYNTHETIC_COUNT = "synthetic_count";

  /** Synthetic rows / all rows of the mix counted for this generator. */
  public static final String SYNTHETIC_SHARE = "synthetic_share";

  /** SDMetrics CategoryCoverage: real categories present in synthetic / real categories. */
  public static final String CATEGORY_COVERAGE = "category_coverage";

  /** SDMetrics CategoryAdherence: share of synthetic rows whose category exists in real. */
  public static final String CATEGORY_ADHERENCE = "category_adherence";

  /** Total-variation distance ½ Σ |p − q| between real and synthetic category distributions. */
  public static final String TV_DISTANCE = "tv_distance";

  public static final StructType SCHEMA =
      new StructType()
          .add(GENERATOR, DataTypes.StringType, false)
          .add(REAL_CATEGORIES, DataTypes.LongType, false)
          .add(COVERED_CATEGORIES, DataTypes.LongType, false)
          .add(MISSING_CATEGORIES, DataTypes.LongType, false)
          .add(SYNTHETIC_ONLY_CATEGORIES, DataTypes.LongType, false)
          .add(OVER_FILLED_CATEGORIES, DataTypes.LongType, false)
          .add(REAL_COUNT, DataTypes.LongType, false)
          .add(SYNTHETIC_COUNT, DataTypes.LongType, false)
          .add(SYNTHETIC_SHARE, DataTypes.DoubleType, true)
          .add(CATEGORY_COVERAGE, DataTypes.DoubleType, true)
          .add(CATEGORY_ADHERENCE, DataTypes.DoubleType, true)
          .add(TV_DISTANCE, DataTypes.DoubleType, true);
}
