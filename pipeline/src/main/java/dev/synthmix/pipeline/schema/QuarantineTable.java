package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Table {@code quarantine}: every refused record, from where, why and in which run. */
public final class QuarantineTable {

  private QuarantineTable() {}

  public static final String TABLE = "quarantine";

  /** The table the record was meant for (docs_real or docs_synthetic). */
  public static final String TARGET_TABLE = "target_table";
  public static final String SOURCE = "source";
  public static final String FILE = "file";
  public static final String POSITION = "position";
  public static final String POSITION_KIND = "position_kind";
  public static final String REASON = "reason";
  public static final String RAW_ID = "raw_id";
  public static final String RAW = "raw";
  public static final String RAW_BYTES = "raw_bytes";
  /** The run that first quarantined the record. */
  public static final String RUN_ID = "run_id";

  public static final StructType SCHEMA =
      new StructType()
          .add(TARGET_TABLE, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(FILE, DataTypes.StringType, false)
          .add(POSITION, DataTypes.LongType, false)
          .add(POSITION_KIND, DataTypes.StringType, false)
          .add(REASON, DataTypes.StringType, false)
          .add(RAW_ID, DataTypes.StringType, true)
          .add(RAW, DataTypes.StringType, true)
          .add(RAW_BYTES, DataTypes.BinaryType, true)
          .add(RUN_ID, DataTypes.StringType, false);
}
