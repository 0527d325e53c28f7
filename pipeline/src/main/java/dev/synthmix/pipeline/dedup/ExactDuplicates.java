package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.ContentHash;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact duplicates: documents with the same 128-bit {@code text_hash}.
 *
 * <p>A group of k copies is reported as k − 1 star edges, each member paired with the group's
 * minimum doc_id (its representative), never as k(k−1)/2 pairs: a boilerplate text repeated 10^5
 * times would otherwise give 5·10^9 rows. The remaining pairs follow by transitivity and the group
 * is one cluster in {@code dup_clusters}.
 *
 * <p>Documents whose normalised text is empty share one hash but have nothing in common, so they
 * are left out.
 */
public final class ExactDuplicates {

  /** Representative (minimum doc_id) of an exact group. */
  static final String REPRESENTATIVE = "representative";

  /** text_hash of the empty normalised text. */
  static final String EMPTY_TEXT_HASH = ContentHash.ofNormalized("");

  private ExactDuplicates() {}

  /** Documents with a non-empty normalised text. */
  static Dataset<Row> nonEmpty(Dataset<Row> docs) {
    return docs.filter(col(TrainingMix.TEXT_HASH).notEqual(EMPTY_TEXT_HASH));
  }

  /** (text_hash, representative): one row per distinct non-empty text. */
  static Dataset<Row> representatives(Dataset<Row> docs) {
    return nonEmpty(docs)
        .groupBy(TrainingMix.TEXT_HASH)
        .agg(min(TrainingMix.DOC_ID).as(REPRESENTATIVE));
  }

  /** Star edges (doc_id_a = representative, doc_id_b = member, 1.0, exact). */
  public static Dataset<Row> pairs(Dataset<Row> docs) {
    Column member = col(TrainingMix.DOC_ID);
    return nonEmpty(docs)
        .select(TrainingMix.TEXT_HASH, TrainingMix.DOC_ID)
        .join(representatives(docs), TrainingMix.TEXT_HASH)
        .filter(member.notEqual(col(REPRESENTATIVE)))
        .select(
            col(REPRESENTATIVE).as(DupPairs.DOC_ID_A),
            member.as(DupPairs.DOC_ID_B),
            lit(1.0).as(DupPairs.JACCARD),
            lit(DupPairs.KIND_EXACT).as(DupPairs.KIND));
  }
}
