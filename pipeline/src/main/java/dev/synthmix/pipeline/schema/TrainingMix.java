package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The training mix: real and synthetic documents in one view, tagged by origin, category and
 * generator. Every audit stage (dedup, coverage, diversity) reads this shape.
 */
public final class TrainingMix {

  private TrainingMix() {}

  public static final String DOC_ID = "doc_id";
  /** {@link #ORIGIN_REAL} or {@link #ORIGIN_SYNTHETIC}. */
  public static final String ORIGIN = "origin";
  public static final String CATEGORY = "category";
  public static final String TEXT = "text";
  public static final String TEXT_HASH = "text_hash";
  /** Real: the source name. Synthetic: the augmentation set id. */
  public static final String SOURCE = "source";
  /** Generator name; null for real documents. */
  public static final String GENERATOR = "generator";
  /** Generation depth: 0 for real, 1 for made from real, d+1 for made from a depth-d set. */
  public static final String DEPTH = "depth";
  /** The language identified at ingest (ISO 639-3; {@code und} when undetermined or not known). */
  public static final String LANGUAGE = "language";

  public static final String ORIGIN_REAL = "real";
  public static final String ORIGIN_SYNTHETIC = "synthetic";

  public static final StructType SCHEMA =
      new StructType()
          .add(DOC_ID, DataTypes.StringType, false)
          .add(ORIGIN, DataTypes.StringType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, false)
          .add(TEXT_HASH, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(LANGUAGE, DataTypes.StringType, false);
}
