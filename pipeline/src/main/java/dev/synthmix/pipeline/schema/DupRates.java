package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code dup_rates}: duplicate rates per scope × category × generator, exact and near side by side.
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
 * A document counts as an exact duplicate when a partner has the same {@code text_hash}, and as a
 * near duplicate when a partner's text is a verified near duplicate of its own (different text,
 * Jaccard ≥ threshold). Documents whose normalised text is empty are counted in {@code docs} but
 * are never duplicates.
 *
 * <p>Rows: one per (scope, category, generator) with documents, where generator is null for real
 * documents; plus one overall row per scope with category and generator both {@link #ALL} ("*").
 */
public final class DupRates {

  private DupRates() {}

  public static final String SCOPE = "scope";
  public static final String CATEGORY = "category";
  public static final String GENERATOR = "generator";
  public static final String DOCS = "docs";
  public static final String EXACT_DUP_DOCS = "exact_dup_docs";
  public static final String NEAR_DUP_DOCS = "near_dup_docs";

  /** Documents with an exact or a near duplicate. */
  public static final String ANY_DUP_DOCS = "any_dup_docs";

  public static final String EXACT_RATE = "exact_rate";
  public static final String NEAR_RATE = "near_rate";
  public static final String ANY_RATE = "any_rate";

  /** The category and generator of the overall row of a scope. */
  public static final String ALL = "*";

  public static final StructType SCHEMA =
      new StructType()
          .add(SCOPE, DataTypes.StringType, false)
          .add(CATEGORY, DataTypes.StringType, true)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(DOCS, DataTypes.LongType, false)
          .add(EXACT_DUP_DOCS, DataTypes.LongType, false)
          .add(NEAR_DUP_DOCS, DataTypes.LongType, false)
          .add(ANY_DUP_DOCS, DataTypes.LongType, false)
          .add(EXACT_RATE, DataTypes.DoubleType, false)
          .add(NEAR_RATE, DataTypes.DoubleType, false)
          .add(ANY_RATE, DataTypes.DoubleType, false);
}
