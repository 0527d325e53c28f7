package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Tables {@code docs_real} and {@code docs_synthetic} (contract: DESIGN.md). */
public final class Documents {

  private Documents() {}

  public static final String REAL_TABLE = "docs_real";
  public static final String SYNTHETIC_TABLE = "docs_synthetic";

  public static final String DOC_ID = "doc_id";
  /** Real: the source name. Synthetic: the augmentation set id. */
  public static final String SOURCE = "source";
  public static final String CATEGORY = "category";
  public static final String TEXT = "text";
  /** 128-bit hash of the normalised text, 32 hex characters. */
  public static final String TEXT_HASH = "text_hash";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_POSITION = "source_position";
  /** The source's extra columns, as strings. */
  public static final String EXTRA = "extra";
  /** The run that last wrote the row. */
  public static final String RUN_ID = "run_id";
  /** Synthetic rows only: where the row came from (see {@link LineageColumns}). */
  public static final String LINEAGE = "lineage";

  /** Columns shared by both tables, in order. */
  public static final StructType BASE_SCHEMA =
      new StructType()
          .add(DOC_ID, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, false)
          .add(TEXT_HASH, DataTypes.StringType, false)
          .add(SOURCE_FILE, DataTypes.StringType, false)
          .add(SOURCE_POSITION, DataTypes.LongType, false)
          .add(EXTRA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add(RUN_ID, DataTypes.StringType, false);
}
