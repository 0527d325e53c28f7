package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What every reader produces before validation: one row per input record, with where it came from
 * and, when the reader already knows it is bad, why.
 */
public final class RawRecords {

  private RawRecords() {}

  public static final String SOURCE = "source";
  /** Full URI of the input file. */
  public static final String FILE = "file";
  /** The file relative to its input root; derived ids hash this, so moving the root keeps ids. */
  public static final String REL_FILE = "rel_file";
  public static final String POSITION = "position";
  /** How to read {@link #POSITION}: byte-offset, line, record or row-index (1-based but offsets). */
  public static final String POSITION_KIND = "position_kind";
  public static final String RAW_ID = "raw_id";
  public static final String RAW_TEXT = "raw_text";
  public static final String RAW_CATEGORY = "raw_category";
  public static final String EXTRA = "extra";
  /** Set by the reader when it could not read the record (malformed JSON, bad bytes, wrong type). */
  public static final String ERROR = "error";
  /** The record as read, for the quarantine; bytes that are not UTF-8 are kept in RAW_BYTES. */
  public static final String RAW = "raw";
  public static final String RAW_BYTES = "raw_bytes";

  public static final String KIND_BYTE_OFFSET = "byte-offset";
  public static final String KIND_LINE = "line";
  public static final String KIND_RECORD = "record";
  public static final String KIND_ROW_INDEX = "row-index";
  public static final String KIND_FILE = "file";

  public static final StructType SCHEMA =
      new StructType()
          .add(SOURCE, DataTypes.StringType, false)
          .add(FILE, DataTypes.StringType, false)
          .add(REL_FILE, DataTypes.StringType, false)
          .add(POSITION, DataTypes.LongType, false)
          .add(POSITION_KIND, DataTypes.StringType, false)
          .add(RAW_ID, DataTypes.StringType, true)
          .add(RAW_TEXT, DataTypes.StringType, true)
          .add(RAW_CATEGORY, DataTypes.StringType, true)
          .add(EXTRA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add(ERROR, DataTypes.StringType, true)
          .add(RAW, DataTypes.StringType, true)
          .add(RAW_BYTES, DataTypes.BinaryType, true);
}
