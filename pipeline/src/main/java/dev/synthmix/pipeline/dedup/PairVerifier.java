package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Shingles;
import dev.synthmix.pipeline.text.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * Verifies candidate pairs by the exact Jaccard similarity of their shingle sets.
 *
 * <p>Shingles are recomputed from the text of both sides rather than carried from the signature
 * pass: a shingle array (8 bytes × ~400) is larger than the text it came from, and only documents
 * in candidate pairs need it. So only those documents go through the shuffle of the two joins: a
 * Bloom filter of the candidates' doc_ids (1% false positives) drops the others
 * map-side, which at 100k documents keeps about a fifth of the texts out of the exchange.
 */
public final class PairVerifier {

  /** text_hash of side a / b, kept so rates can work per exact group. */
  static final String TEXT_HASH_A = "text_hash_a";

  static final String TEXT_HASH_B = "text_hash_b";

  private PairVerifier() {}

  /**
   * (doc_id_a, doc_id_b, text_hash_a, text_hash_b, jaccard) for candidates of {@code docs} with
   * Jaccard ≥ {@code threshold}, excluding pairs with the same text_hash (those are exact).
   */
  public static Dataset<Row> verify(
      Dataset<Row> candidates, Dataset<Row> docs, DedupSettings settings, double threshold) {
    int size = settings.shingleSize();
    Shingles.Kind kind = settings.shingleKind();
    Tokenizer tokenizer = settings.tokenizer();
    UserDefinedFunction jaccard =
        udf(
            (UDF2<String, String, Double>)
                (a, b) ->
                    Jaccard.of(
                        Shingles.of(a, size, kind, tokenizer), Shingles.of(b, size, kind, tokenizer)),
            DataTypes.DoubleType);
    Dataset<Row> texts = docs.select(TrainingMix.DOC_ID, TrainingMix.TEXT_HASH, TrainingMix.TEXT)
        .filter(inCandidates(candidates).apply(col(TrainingMix.DOC_ID)));
    Dataset<Row> a =
        texts.select(
            col(TrainingMix.DOC_ID).as(DupPairs.DOC_ID_A),
            col(TrainingMix.TEXT_HASH).as(TEXT_HASH_A),
            col(TrainingMix.TEXT).as("text_a"));
    Dataset<Row> b =
        texts.select(
            col(TrainingMix.DOC_ID).as(DupPairs.DOC_ID_B),
            col(TrainingMix.TEXT_HASH).as(TEXT_HASH_B),
            col(TrainingMix.TEXT).as("text_b"));
    return candidates
        .join(a, DupPairs.DOC_ID_A)
        .join(b, DupPairs.DOC_ID_B)
        .filter(col(TEXT_HASH_A).notEqual(col(TEXT_HASH_B)))
        .withColumn(DupPairs.JACCARD, jaccard.apply(col("text_a"), col("text_b")))
        .filter(col(DupPairs.JACCARD).geq(threshold))
        .select(DupPairs.DOC_ID_A, DupPairs.DOC_ID_B, TEXT_HASH_A, TEXT_HASH_B, DupPairs.JACCARD);
  }

  /**
   * A filter that keeps doc_ids which may be in a candidate pair (a Bloom filter: no false
   * negatives). The candidates are read once more for it, so callers should pass them
   * materialised.
   */
  static UserDefinedFunction inCandidates(Dataset<Row> candidates) {
    Dataset<Row> ids = candidates.select(col(DupPairs.DOC_ID_A).as("id"))
        .union(candidates.select(col(DupPairs.DOC_ID_B).as("id")));
    long count = candidates.count();
    long expected = Math.max(1_000, 2 * count);
    // No candidates: Spark returns no filter, and none of the texts is needed.
    BloomFilter filter = count == 0 ? BloomFilter.create(1) : ids.stat().bloomFilter("id", expected, 0.01);
    // Shipped inside the function (about 10 bits per id: 1.2 MB for a million ids).
    return udf((UDF1<String, Boolean>) id -> id != null && filter.mightContainString(id), DataTypes.BooleanType);
  }
}
