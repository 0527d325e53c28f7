package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code coverage} table: one row per real-or-synthetic category and generator.
 *
 * <p>Generator convention: a generator name is that generator's synthetic rows alone; {@link #ALL}
 * ({@code "*"}) is every synthetic row of the mix taken together (the "overall" rows). The real
 * side of every row is the whole real corpus.
 */
public final class CoverageTable {

  private CoverageTable() {}

  /** The generator value of the rows that pool every generator, and the category of summaries. */
  public static final String ALL = "*";

  /** The generator value of synthetic rows that name no generator (their lineage is missing). */
  public static final String UNKNOWN_GENERATOR = "?";

  public static final String CATEGORY = "category";
  public static final String GENERATOR = "generator";
  public static final String REAL_COUNT = "real_count";
  public static final String SYNTHETIC_COUNT = "synthetic_count";

  /** synthetic / (real + synthetic); never null since every row has at least one document. */
  public static final String SYNTHETIC_SHARE = "synthetic_share";

  /** synthetic / real; null when the category has no real documents. */
  public static final String SYNTHETIC_REAL_RATIO = "synthetic_real_ratio";

  public static final String STATUS = "status";

  /** A real category that the generator does not cover. */
  public static final String STATUS_MISSING = "missing";

  /** A category the real corpus does not have: the generator did not adhere to the categories. */
  public static final String STATUS_SYNTHETIC_ONLY = "synthetic-only";

  /** Synthetic share above the configured ceiling. */
  public static final String STATUS_OVER_FILLED = "over-filled";

  public static final String STATUS_OK = "ok";

  public static final StructType SCHEMA =
      new StructType()
          .add(CATEGORY, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, false)
          .add(REAL_COUNT, DataTypes.LongType, false)
          .add(SYNTHETIC_COUNT, DataTypes.LongType, false)
          .add(SYNTHETIC_SHARE, DataTypes.DoubleType, false)
          .add(SYNTHETIC_REAL_RATIO, DataTypes.DoubleType, true)
          .add(STATUS, DataTypes.StringType, false);
}
