package dev.synthmix.pipeline.schema;

import dev.synthmix.pipeline.SynthmixException;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Tables {@code docs_real} and {@code docs_synthetic} (contract: DESIGN.md).
 *
 * <p>{@link #DOC_ID} is unique across the whole warehouse: {@code <namespace>:<input id>} when the
 * input carried an id, {@code <namespace>#<text hash>-<occurrence>} when it did not, where the
 * namespace is the real source's name or the synthetic set's id. Names and set ids are letters,
 * digits, '.', '_' and '-' only, so the first ':' or '#' ends the namespace and the rest is taken
 * verbatim: two different (namespace, id) pairs can never give the same key, and a real source and a
 * synthetic set may not share a name (ingest refuses it).
 */
public final class Documents {

  private Documents() {}

  public static final String REAL_TABLE = "docs_real";
  public static final String SYNTHETIC_TABLE = "docs_synthetic";

  public static final String DOC_ID = "doc_id";
  /** The id the input carried (verbatim, as a string), or null when the input had none. */
  public static final String INPUT_ID = "input_id";
  /** Ends the namespace of a key built from the input's id. */
  public static final String INPUT_ID_SEPARATOR = ":";
  /** Ends the namespace of a key derived from content (the input carried no id). */
  public static final String DERIVED_ID_SEPARATOR = "#";
  /** Real: the source name. Synthetic: the augmentation set id. */
  public static final String SOURCE = "source";
  public static final String CATEGORY = "category";
  public static final String TEXT = "text";
  /** 128-bit hash of the normalised text, 32 hex characters. */
  public static final String TEXT_HASH = "text_hash";
  /**
   * The text's language identified at ingest (ISO 639-3, {@code und} when undetermined); null only
   * in rows written before the column existed, until their source is ingested again.
   */
  public static final String LANGUAGE = "language";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_POSITION = "source_position";
  /** The source's extra columns, as strings. */
  public static final String EXTRA = "extra";
  /**
   * SHA-256 of the row's content (every column but {@link #RUN_ID} and this one), stored so a
   * re-ingest compares incoming rows with the table by key without reading or hashing its texts.
   */
  public static final String ROW_FINGERPRINT = "row_fingerprint";
  /** The run that last wrote the row. */
  public static final String RUN_ID = "run_id";
  /** Synthetic rows only: where the row came from (see {@link LineageColumns}). */
  public static final String LINEAGE = "lineage";

  /** Columns shared by both tables, in order. */
  public static final StructType BASE_SCHEMA =
      new StructType()
          .add(DOC_ID, DataTypes.StringType, false)
          .add(INPUT_ID, DataTypes.StringType, true)
          .add(SOURCE, DataTypes.StringType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, false)
          .add(TEXT_HASH, DataTypes.StringType, false)
          .add(LANGUAGE, DataTypes.StringType, true)
          .add(SOURCE_FILE, DataTypes.StringType, false)
          .add(SOURCE_POSITION, DataTypes.LongType, false)
          .add(EXTRA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add(ROW_FINGERPRINT, DataTypes.StringType, false)
          .add(RUN_ID, DataTypes.StringType, false);

  /** The key of a record whose input carried {@code inputId}. */
  public static String key(String namespace, String inputId) {
    return namespace + INPUT_ID_SEPARATOR + inputId;
  }

  /**
   * Refuses a documents table written before doc_id was namespaced (it has no {@link #INPUT_ID}):
   * its keys are unique only per table, so joins over the mix would pair unrelated documents.
   */
  public static void requireNamespaced(StructType schema, String table) {
    if (!Arrays.asList(schema.fieldNames()).contains(INPUT_ID)) {
      throw SynthmixException.refused("Cannot use " + table + ": it was written by an older synthmix whose doc_id is"
          + " the input's id, unique only per table (no column " + INPUT_ID + "). Migrate by ingesting again into a"
          + " new warehouse: set synthmix.warehouse to a new folder (or move the old one aside) and rerun ingest-real"
          + " for every source, then ingest-synthetic for every set, with seed_doc_ids as the new keys"
          + " ('<source>:<id>'); the old warehouse stays readable. Nothing was written.");
    }
  }
}
