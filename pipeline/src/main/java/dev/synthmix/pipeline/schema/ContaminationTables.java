package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The evaluation-set contamination tables: {@link #MATCHES} (one row per mix document and
 * benchmark item sharing a confirmed n-gram) and {@link #TABLE} (per benchmark × origin ×
 * generator × depth × category, with {@link #ALL} rows pooling benchmarks or categories).
 */
public final class ContaminationTables {

  private ContaminationTables() {}

  public static final String TABLE = "contamination";
  public static final String MATCHES = "contamination_matches";

  /** Pooled over benchmarks (the benchmark column) or categories (the category column). */
  public static final String ALL = "*";

  public static final String BENCHMARK = "benchmark";
  public static final String ITEM_ID = "item_id";
  public static final String DOC_ID = TrainingMix.DOC_ID;
  public static final String ORIGIN = TrainingMix.ORIGIN;
  public static final String GENERATOR = TrainingMix.GENERATOR;
  public static final String DEPTH = TrainingMix.DEPTH;
  public static final String CATEGORY = TrainingMix.CATEGORY;
  /** Word positions of the document whose n-gram (confirmed word by word) is one of the item's. */
  public static final String MATCHED_NGRAMS = "matched_ngrams";
  /** Words of the longest run of consecutive matched n-grams: the longest span shared with the item. */
  public static final String LONGEST_SPAN_TOKENS = "longest_span_tokens";
  /** The normalised words of that span, cut to synthmix.contamination.excerpt-chars. */
  public static final String EXCERPT = "excerpt";

  public static final String DOCUMENTS_CHECKED = "documents_checked";
  public static final String DOCUMENTS_CONTAMINATED = "documents_contaminated";
  public static final String CONTAMINATED_SHARE = "contaminated_share";
  /** Distinct benchmark items found in the group's documents. */
  public static final String ITEMS_FOUND = "items_found";
  /** Items of the benchmark that were checked (long enough to match). */
  public static final String BENCHMARK_ITEMS = "benchmark_items";
  public static final String ITEMS_FOUND_SHARE = "items_found_share";

  public static final StructType MATCHES_SCHEMA =
      new StructType()
          .add(DOC_ID, DataTypes.StringType, false)
          .add(ORIGIN, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(BENCHMARK, DataTypes.StringType, false)
          .add(ITEM_ID, DataTypes.StringType, false)
          .add(MATCHED_NGRAMS, DataTypes.IntegerType, false)
          .add(LONGEST_SPAN_TOKENS, DataTypes.IntegerType, false)
          .add(EXCERPT, DataTypes.StringType, false);

  public static final StructType SCHEMA =
      new StructType()
          .add(BENCHMARK, DataTypes.StringType, false)
          .add(ORIGIN, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(DOCUMENTS_CHECKED, DataTypes.LongType, false)
          .add(DOCUMENTS_CONTAMINATED, DataTypes.LongType, false)
          .add(CONTAMINATED_SHARE, DataTypes.DoubleType, true)
          .add(ITEMS_FOUND, DataTypes.LongType, false)
          .add(BENCHMARK_ITEMS, DataTypes.LongType, false)
          .add(ITEMS_FOUND_SHARE, DataTypes.DoubleType, true);
}
