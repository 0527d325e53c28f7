package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The shared scan of a training mix: documents per origin × generator × depth × category, the
 * group keys of every per-group measure. A few rows per lineage and category, never per document;
 * measures and gates that only need group sizes read it instead of scanning the mix again.
 */
public final class MixProfileTable {

  private MixProfileTable() {}

  public static final String ORIGIN = TrainingMix.ORIGIN;
  public static final String GENERATOR = TrainingMix.GENERATOR;
  public static final String DEPTH = TrainingMix.DEPTH;
  /** The documents' category, or what the audit slices by in its place (e.g. the language). */
  public static final String CATEGORY = TrainingMix.CATEGORY;
  public static final String DOCUMENTS = "documents";

  public static final StructType SCHEMA =
      new StructType()
          .add(ORIGIN, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(DOCUMENTS, DataTypes.LongType, false);
}
