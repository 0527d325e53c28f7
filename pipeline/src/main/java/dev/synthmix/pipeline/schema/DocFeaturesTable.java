package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code doc_features}: what the measures need of a text, computed once per distinct text and
 * feature settings, and kept across runs. Keyed by ({@link #FEATURES_KEY}, {@link #TEXT_HASH}): a
 * document whose text is unchanged finds its row and is not tokenised again; settings that shape
 * features (tokenizer, shingles, MinHash, banding) give another key, so rows of other settings
 * are never read as this run's. Partitioned by {@link #FEATURES_KEY}.
 */
public final class DocFeaturesTable {

  private DocFeaturesTable() {}

  public static final String TABLE = "doc_features";

  /** The settings the row was computed with ({@code FeatureSpec#key}). */
  public static final String FEATURES_KEY = "features_key";

  /** The document's {@code text_hash}: one row per distinct text. */
  public static final String TEXT_HASH = "text_hash";

  /** Words of the normalised text, as the tokenizer cuts them. */
  public static final String TOKENS = "tokens";

  /** Unicode code points of the normalised words (one space between words): equal for equal text_hash. */
  public static final String CHARS = "chars";

  /** LSH band keys of the MinHash signature; null when the text has no shingles. */
  public static final String BAND_KEYS = "band_keys";

  /** The run that computed the row. */
  public static final String RUN_ID = "run_id";

  /** Columns of one computed row, before the key and run are added. */
  public static final StructType COMPUTED =
      new StructType()
          .add(TEXT_HASH, DataTypes.StringType, false)
          .add(TOKENS, DataTypes.IntegerType, false)
          .add(CHARS, DataTypes.IntegerType, false)
          .add(BAND_KEYS, DataTypes.createArrayType(DataTypes.LongType, false), true);

  /** The table's columns: the key, the computed columns, the run. */
  public static final StructType SCHEMA = table();

  private static StructType table() {
    StructType s = new StructType().add(FEATURES_KEY, DataTypes.StringType, false);
    for (var f : COMPUTED.fields()) {
      s = s.add(f);
    }
    return s.add(RUN_ID, DataTypes.StringType, false);
  }
}
