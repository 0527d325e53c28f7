package dev.synthmix.pipeline.schema;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code diversity} table: one row per origin × generator × depth × category, plus one row per
 * origin × generator × depth with {@code category = "*"} over all categories. Real rows have a null
 * generator and depth 0.
 *
 * <p>Tokens are {@link dev.synthmix.pipeline.text.TextNormalizer#words} of the text; n-grams never
 * cross document boundaries.
 *
 * <p><b>Exact and estimated figures.</b> Exact: {@link #DOCUMENTS}, {@link #TOKENS}, {@link
 * #VOCABULARY}, {@link #DISTINCT_1}, {@link #ENTROPY_BITS}, the document-length figures, {@link
 * #RARE_CATEGORY_SURVIVAL} and {@link #RARE_NGRAM_SURVIVAL} (words are compared as 64-bit hashes; a
 * collision among 10⁶ distinct words has probability about 3·10⁻⁸). Estimated from DataSketches
 * Theta sketches of k = 2^{@code synthmix.diversity.sketch-lg-nominal-entries} entries (default
 * 2¹⁶): {@link #DISTINCT_2}, {@link #DISTINCT_3} and {@link #NOVELTY_2} — exact while a group has at
 * most k distinct n-grams, relative standard error about 1/√k (0.4 %) above. {@link #TTR_SAMPLE}
 * and {@link #DISTINCT_2_SAMPLE} are means over a fixed sample of windows (below). Measured against
 * the exact computation at 100,000 documents (BENCHMARKS.md, "Diversity: sketches against the exact
 * computation"): largest relative error over all groups see there, target ≤ 1 %.
 */
public final class DiversityTable {

  private DiversityTable() {}

  /** Category value of the all-categories rows. */
  public static final String ALL = "*";

  public static final String ORIGIN = "origin";
  public static final String GENERATOR = "generator";
  public static final String DEPTH = "depth";
  public static final String CATEGORY = "category";

  public static final String DOCUMENTS = "documents";
  public static final String TOKENS = "tokens";

  /** Distinct unigrams. */
  public static final String VOCABULARY = "vocabulary";

  /** Distinct n-grams / n-grams of the group (corpus-level distinct-n, Li et al. 2016). */
  public static final String DISTINCT_1 = "distinct_1";

  public static final String DISTINCT_2 = "distinct_2";
  public static final String DISTINCT_3 = "distinct_3";

  /** Shannon entropy of the unigram distribution, in bits (log base 2). */
  public static final String ENTROPY_BITS = "entropy_bits";

  /**
   * Mean segmental type-token ratio: the group's documents in order of a fixed hash of their doc id
   * (xxHash64), their tokens cut into consecutive windows of {@code sample-window-tokens}, mean of
   * distinct/size over the first complete windows, at most {@code sample-max-windows} of them (200).
   * Null when the group has fewer tokens than one window. Length-fair, unlike {@link #DISTINCT_1},
   * and at equal size by construction (as many windows of as many words on both sides of a
   * comparison, once both have the maximum).
   *
   * <p>Changed definition: until the sketches, the order was doc-id order and every complete window
   * of the group counted, which put a whole group in one task (a window function over the group).
   * Hash order keeps the figure independent of partitioning and of how ids sort; the cap bounds
   * each group's state. On groups under the cap only the joints between documents differ.
   */
  public static final String TTR_SAMPLE = "ttr_sample";

  /** As {@link #TTR_SAMPLE} for bigrams (a bigram belongs to the window of its first token). */
  public static final String DISTINCT_2_SAMPLE = "distinct_2_sample";

  /** Complete windows behind {@link #TTR_SAMPLE}: at most {@code sample-max-windows}. */
  public static final String SAMPLE_WINDOWS = "sample_windows";

  public static final String MEAN_DOC_TOKENS = "mean_doc_tokens";

  /** Exact percentiles with linear interpolation between ranks (from an exact length histogram). */
  public static final String P50_DOC_TOKENS = "p50_doc_tokens";

  public static final String P90_DOC_TOKENS = "p90_doc_tokens";

  /**
   * Share of the group's distinct bigrams that no real document contains: estimated as the share
   * of the group's Theta-sketch entries (below the common θ) absent from the real sketch.
   */
  public static final String NOVELTY_2 = "novelty_2";

  /**
   * Share of the rare real categories present in the group; only on {@code category = "*"} rows,
   * null when the real corpus has no rare category.
   */
  public static final String RARE_CATEGORY_SURVIVAL = "rare_category_survival";

  /**
   * Share of the rare real unigrams (real frequency at most the configured count) of this category
   * (all categories on {@code "*"} rows) that occur in the group.
   */
  public static final String RARE_NGRAM_SURVIVAL = "rare_ngram_survival";

  /** The metric columns, in table order. */
  public static final List<String> METRICS =
      List.of(
          DOCUMENTS,
          TOKENS,
          VOCABULARY,
          DISTINCT_1,
          DISTINCT_2,
          DISTINCT_3,
          ENTROPY_BITS,
          TTR_SAMPLE,
          DISTINCT_2_SAMPLE,
          SAMPLE_WINDOWS,
          MEAN_DOC_TOKENS,
          P50_DOC_TOKENS,
          P90_DOC_TOKENS,
          NOVELTY_2,
          RARE_CATEGORY_SURVIVAL,
          RARE_NGRAM_SURVIVAL);

  public static final StructType SCHEMA =
      new StructType()
          .add(ORIGIN, DataTypes.StringType, false)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(CATEGORY, DataTypes.StringType, false)
          .add(DOCUMENTS, DataTypes.LongType, false)
          .add(TOKENS, DataTypes.LongType, false)
          .add(VOCABULARY, DataTypes.LongType, false)
          .add(DISTINCT_1, DataTypes.DoubleType, true)
          .add(DISTINCT_2, DataTypes.DoubleType, true)
          .add(DISTINCT_3, DataTypes.DoubleType, true)
          .add(ENTROPY_BITS, DataTypes.DoubleType, true)
          .add(TTR_SAMPLE, DataTypes.DoubleType, true)
          .add(DISTINCT_2_SAMPLE, DataTypes.DoubleType, true)
          .add(SAMPLE_WINDOWS, DataTypes.LongType, false)
          .add(MEAN_DOC_TOKENS, DataTypes.DoubleType, true)
          .add(P50_DOC_TOKENS, DataTypes.DoubleType, true)
          .add(P90_DOC_TOKENS, DataTypes.DoubleType, true)
          .add(NOVELTY_2, DataTypes.DoubleType, true)
          .add(RARE_CATEGORY_SURVIVAL, DataTypes.DoubleType, true)
          .add(RARE_NGRAM_SURVIVAL, DataTypes.DoubleType, true);
}
