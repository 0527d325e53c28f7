package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code dup_rates}: duplicate rates per scope × category × generator × set × depth, exact and near
 * side by side, each as two shares that answer different questions.
 *
 * <p>Each scope counts documents of one population against partners of another (see {@link
 * DupPairs} for the scope names):
 *
 * <ul>
 *   <li>{@code real-real}: real documents; partner: another real document.
 *   <li>{@code synthetic-synthetic}: synthetic documents; partner: a synthetic document of the same
 *       generator.
 *   <li>{@code cross-generator}: synthetic documents; partner: a synthetic document of another
 *       generator.
 *   <li>{@code synthetic-real}: synthetic documents; partner: a real document. Its {@code any_rate}
 *       is the leakage rate.
 * </ul>
 *
 * <p><b>Member share</b> ({@code *_dup_docs}, {@code *_rate}): documents that have a partner, over
 * documents. A document counts as an exact duplicate when a partner has the same {@code
 * text_hash}, and as a near duplicate when a partner's text is a verified near duplicate of its
 * own (different text, Jaccard ≥ threshold). Two identical documents are both members: 1.0.
 *
 * <p><b>Redundant share</b> ({@code *_redundant_docs}, {@code *_redundant_share}): documents that
 * dedup would remove, over documents: members − 1 per exact group ({@code exact_}), then exact
 * groups − 1 per near cluster, the connected component of exact groups over verified near pairs
 * ({@code near_}); {@code any_} is their sum. Two identical documents: 0.5. The document kept is a
 * real one if the group has one, else the least doc_id; a removed document counts in the scope of
 * the document kept in its place, so a synthetic copy of a real text is redundant in {@code
 * synthetic-real} (its redundant share equals its member share there) and the redundant counts of
 * the four scopes add up to what dedup of the whole mix removes. This is the gated figure.
 *
 * <p>Documents whose normalised text is empty are counted in {@code docs} but are never duplicates.
 *
 * <p>Rows, where {@link #ALL} ("*") means pooled and null means "does not apply" (real documents
 * have a null generator and set and depth 0; a null depth on a pooled row spans all depths):
 *
 * <ul>
 *   <li>per set × category: (scope, category, generator, set_id, depth), synthetic scopes only;
 *   <li>per set: (scope, *, generator, set_id, depth), synthetic scopes only;
 *   <li>per category × generator × depth: (scope, category, generator, *, depth); for real-real,
 *       (real-real, category, null, null, 0);
 *   <li>per depth: (scope, *, *, *, depth), synthetic scopes only;
 *   <li>overall: (scope, *, *, *, null); for real-real the set is null.
 * </ul>
 *
 * Leakage per set is the {@code synthetic-real} per-set row; per generation depth, its per-depth
 * row. Only the rows whose set is pooled (or null) become metrics, as {@code run_metrics} has no
 * set tag and a generator may make several sets at one depth.
 */
public final class DupRates {

  private DupRates() {}

  public static final String SCOPE = "scope";
  public static final String CATEGORY = "category";
  public static final String GENERATOR = "generator";
  /** The synthetic set ({@code lineage.set_id}); null for real documents, "*" when pooled. */
  public static final String SET_ID = "set_id";
  /** Generation depth (0 for real); null on rows pooled over depths. */
  public static final String DEPTH = "depth";
  public static final String DOCS = "docs";
  /** Documents with an exact partner (member count). */
  public static final String EXACT_DUP_DOCS = "exact_dup_docs";
  /** Documents with a near partner (member count). */
  public static final String NEAR_DUP_DOCS = "near_dup_docs";

  /** Documents with an exact or a near duplicate. */
  public static final String ANY_DUP_DOCS = "any_dup_docs";

  /** Member share: {@link #EXACT_DUP_DOCS} / {@link #DOCS}. */
  public static final String EXACT_RATE = "exact_rate";
  /** Member share: {@link #NEAR_DUP_DOCS} / {@link #DOCS}. */
  public static final String NEAR_RATE = "near_rate";
  /** Member share: {@link #ANY_DUP_DOCS} / {@link #DOCS}. */
  public static final String ANY_RATE = "any_rate";

  /** Documents exact dedup would remove: members − 1 per exact group. */
  public static final String EXACT_REDUNDANT_DOCS = "exact_redundant_docs";
  /** Documents near dedup would remove beyond exact: exact groups − 1 per near cluster. */
  public static final String NEAR_REDUNDANT_DOCS = "near_redundant_docs";
  /** {@link #EXACT_REDUNDANT_DOCS} + {@link #NEAR_REDUNDANT_DOCS}. */
  public static final String ANY_REDUNDANT_DOCS = "any_redundant_docs";

  public static final String EXACT_REDUNDANT_SHARE = "exact_redundant_share";
  public static final String NEAR_REDUNDANT_SHARE = "near_redundant_share";
  public static final String ANY_REDUNDANT_SHARE = "any_redundant_share";

  /** The category, generator and set of pooled rows. */
  public static final String ALL = "*";

  public static final StructType SCHEMA =
      new StructType()
          .add(SCOPE, DataTypes.StringType, false)
          .add(CATEGORY, DataTypes.StringType, true)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(SET_ID, DataTypes.StringType, true)
          .add(DEPTH, DataTypes.IntegerType, true)
          .add(DOCS, DataTypes.LongType, false)
          .add(EXACT_DUP_DOCS, DataTypes.LongType, false)
          .add(NEAR_DUP_DOCS, DataTypes.LongType, false)
          .add(ANY_DUP_DOCS, DataTypes.LongType, false)
          .add(EXACT_RATE, DataTypes.DoubleType, false)
          .add(NEAR_RATE, DataTypes.DoubleType, false)
          .add(ANY_RATE, DataTypes.DoubleType, false)
          .add(EXACT_REDUNDANT_DOCS, DataTypes.LongType, false)
          .add(NEAR_REDUNDANT_DOCS, DataTypes.LongType, false)
          .add(ANY_REDUNDANT_DOCS, DataTypes.LongType, false)
          .add(EXACT_REDUNDANT_SHARE, DataTypes.DoubleType, false)
          .add(NEAR_REDUNDANT_SHARE, DataTypes.DoubleType, false)
          .add(ANY_REDUNDANT_SHARE, DataTypes.DoubleType, false);
}
