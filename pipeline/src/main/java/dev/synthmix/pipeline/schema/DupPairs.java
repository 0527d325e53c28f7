package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code dup_pairs} (contract): one row per reported duplicate pair, {@code doc_id_a < doc_id_b}.
 *
 * <p>Exact duplicates (same {@code text_hash}) are reported as a star: every member of an exact
 * group is paired with the group's minimum doc_id, with jaccard 1.0 and kind {@code exact}; the
 * other pairs of the group follow by transitivity (and {@code dup_clusters} holds the group). Near
 * duplicates are pairs of different exact groups with verified Jaccard ≥ threshold, kind {@code
 * near}, reported between the groups' representatives (their minimum doc_ids); the other members of
 * those groups are near duplicates too, through their exact star edges.
 */
public final class DupPairs {

  private DupPairs() {}

  public static final String DOC_ID_A = "doc_id_a";
  public static final String DOC_ID_B = "doc_id_b";

  /** Exact Jaccard of the two shingle sets (1.0 for exact duplicates). */
  public static final String JACCARD = "jaccard";

  /** {@link #KIND_EXACT} or {@link #KIND_NEAR}. */
  public static final String KIND = "kind";

  public static final String ORIGIN_A = "origin_a";
  public static final String ORIGIN_B = "origin_b";
  public static final String CATEGORY_A = "category_a";
  public static final String CATEGORY_B = "category_b";
  public static final String GENERATOR_A = "generator_a";
  public static final String GENERATOR_B = "generator_b";

  /** One of the {@code SCOPE_*} values. */
  public static final String SCOPE = "scope";

  public static final String KIND_EXACT = "exact";
  public static final String KIND_NEAR = "near";

  /** Both sides real. */
  public static final String SCOPE_REAL_REAL = "real-real";

  /** Both sides synthetic from the same generator. */
  public static final String SCOPE_SYNTHETIC_SYNTHETIC = "synthetic-synthetic";

  /** Both sides synthetic from different generators. */
  public static final String SCOPE_CROSS_GENERATOR = "cross-generator";

  /** One side synthetic, the other real: leakage. */
  public static final String SCOPE_SYNTHETIC_REAL = "synthetic-real";

  public static final StructType SCHEMA =
      new StructType()
          .add(DOC_ID_A, DataTypes.StringType, false)
          .add(DOC_ID_B, DataTypes.StringType, false)
          .add(JACCARD, DataTypes.DoubleType, false)
          .add(KIND, DataTypes.StringType, false)
          .add(ORIGIN_A, DataTypes.StringType, true)
          .add(ORIGIN_B, DataTypes.StringType, true)
          .add(CATEGORY_A, DataTypes.StringType, true)
          .add(CATEGORY_B, DataTypes.StringType, true)
          .add(GENERATOR_A, DataTypes.StringType, true)
          .add(GENERATOR_B, DataTypes.StringType, true)
          .add(SCOPE, DataTypes.StringType, true);
}
