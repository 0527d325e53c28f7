package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact and near duplicates of a training mix: the entry point of the dedup stage.
 *
 * <p>Steps: exact groups by text_hash (star edges); MinHash LSH candidates among distinct texts
 * from their band keys ({@link LshCandidates}, the keys from the features layer); exact Jaccard verification ({@link PairVerifier}); clusters by connected
 * components ({@link DupClustering}); rates per scope ({@link DuplicateRates}).
 *
 * <p>The verified pairs are materialised once with a local checkpoint, because all three outputs
 * read them and recomputing signatures three times would triple the cost; the clustering also runs
 * Spark jobs (one round per connected-components iteration). Nothing is collected to the driver.
 * doc_id must be unique in the mix.
 */
public final class NearDuplicates {

  private NearDuplicates() {}

  /** All three tables for {@code mix} (the {@link TrainingMix} shape), its features computed here. */
  public static DupResult find(Dataset<Row> mix, DedupSettings settings) {
    return fromCandidates(mix, LshCandidates.candidates(mix, settings), settings);
  }

  /**
   * All three tables for {@code mix}, reading band keys from {@code features} (text_hash,
   * band_keys, made with {@code settings.features()}, e.g. stored in doc_features).
   */
  public static DupResult find(Dataset<Row> mix, Dataset<Row> features, DedupSettings settings) {
    return fromCandidates(mix, LshCandidates.candidates(mix, features, settings), settings);
  }

  private static DupResult fromCandidates(Dataset<Row> mix, Dataset<Row> candidates, DedupSettings settings) {
    Dataset<Row> near = verified(candidates, mix, settings).localCheckpoint();
    Dataset<Row> pairs =
        withSides(
                ExactDuplicates.pairs(mix)
                    .union(
                        near.select(
                            col(DupPairs.DOC_ID_A),
                            col(DupPairs.DOC_ID_B),
                            col(DupPairs.JACCARD),
                            lit(DupPairs.KIND_NEAR).as(DupPairs.KIND))),
                mix)
            .localCheckpoint();
    Dataset<Row> clusters = DupClustering.clusters(pairs, mix, settings.clusterThreshold());
    // Small, and read by the table write, the metrics and the log line: computed once.
    Dataset<Row> rates = DuplicateRates.rates(mix, near).localCheckpoint();
    return new DupResult(pairs, clusters, rates);
  }

  /**
   * Verified near pairs between exact-group representatives: doc_id_a, doc_id_b, text_hash_a,
   * text_hash_b, jaccard (≥ threshold).
   */
  public static Dataset<Row> verifiedNearPairs(Dataset<Row> mix, DedupSettings settings) {
    return verified(LshCandidates.candidates(mix, settings), mix, settings);
  }

  private static Dataset<Row> verified(Dataset<Row> candidates, Dataset<Row> mix, DedupSettings settings) {
    // Materialised once: the verifier reads the candidates twice (its filter, then the joins).
    return PairVerifier.verify(candidates.localCheckpoint(), mix, settings, settings.threshold());
  }

  /** Adds origin, category and generator of both sides, and the scope, to pairs. */
  static Dataset<Row> withSides(Dataset<Row> pairs, Dataset<Row> mix) {
    Dataset<Row> a =
        mix.select(
            col(TrainingMix.DOC_ID).as(DupPairs.DOC_ID_A),
            col(TrainingMix.ORIGIN).as(DupPairs.ORIGIN_A),
            col(TrainingMix.CATEGORY).as(DupPairs.CATEGORY_A),
            col(TrainingMix.GENERATOR).as(DupPairs.GENERATOR_A));
    Dataset<Row> b =
        mix.select(
            col(TrainingMix.DOC_ID).as(DupPairs.DOC_ID_B),
            col(TrainingMix.ORIGIN).as(DupPairs.ORIGIN_B),
            col(TrainingMix.CATEGORY).as(DupPairs.CATEGORY_B),
            col(TrainingMix.GENERATOR).as(DupPairs.GENERATOR_B));
    return pairs
        .join(a, DupPairs.DOC_ID_A)
        .join(b, DupPairs.DOC_ID_B)
        .withColumn(DupPairs.SCOPE, scope())
        .select(
            DupPairs.SCHEMA.fieldNames()[0],
            Arrays.copyOfRange(
                DupPairs.SCHEMA.fieldNames(), 1, DupPairs.SCHEMA.fieldNames().length));
  }

  private static Column scope() {
    Column realA = col(DupPairs.ORIGIN_A).equalTo(TrainingMix.ORIGIN_REAL);
    Column realB = col(DupPairs.ORIGIN_B).equalTo(TrainingMix.ORIGIN_REAL);
    Column sameGenerator = col(DupPairs.GENERATOR_A).eqNullSafe(col(DupPairs.GENERATOR_B));
    return when(realA.and(realB), DupPairs.SCOPE_REAL_REAL)
        .when(realA.or(realB), DupPairs.SCOPE_SYNTHETIC_REAL)
        .when(sameGenerator, DupPairs.SCOPE_SYNTHETIC_SYNTHETIC)
        .otherwise(DupPairs.SCOPE_CROSS_GENERATOR);
  }
}
