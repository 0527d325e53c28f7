package dev.synthmix.pipeline.mix;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training mix: {@code docs_real} ∪ {@code docs_synthetic} in one shape, tagged by origin,
 * category, generator and depth. Pure: tables in, one Dataset out; the audit stages read this.
 *
 * <p>No namespace is added here: {@code doc_id} is already unique across the warehouse (see {@link
 * Documents}), so every join, pair and cluster downstream can key on it. Tables written before
 * that are refused, saying how to migrate.
 */
public final class TrainingMixBuilder {

  /** Name of the view the {@code sql} command registers. */
  public static final String VIEW = "training_mix";

  private TrainingMixBuilder() {}

  /** @param synthetic may be null when no synthetic set has been ingested */
  public static Dataset<Row> build(Dataset<Row> real, Dataset<Row> synthetic) {
    Documents.requireNamespaced(real.schema(), Documents.REAL_TABLE);
    if (synthetic != null) {
      Documents.requireNamespaced(synthetic.schema(), Documents.SYNTHETIC_TABLE);
    }
    Dataset<Row> r = real.select(
        col(Documents.DOC_ID).as(TrainingMix.DOC_ID),
        lit(TrainingMix.ORIGIN_REAL).as(TrainingMix.ORIGIN),
        col(Documents.CATEGORY).as(TrainingMix.CATEGORY),
        col(Documents.TEXT).as(TrainingMix.TEXT),
        col(Documents.TEXT_HASH).as(TrainingMix.TEXT_HASH),
        col(Documents.SOURCE).as(TrainingMix.SOURCE),
        lit(null).cast("string").as(TrainingMix.GENERATOR),
        lit(0).as(TrainingMix.DEPTH));
    if (synthetic == null) {
      return r;
    }
    Dataset<Row> s = synthetic.select(
        col(Documents.DOC_ID).as(TrainingMix.DOC_ID),
        lit(TrainingMix.ORIGIN_SYNTHETIC).as(TrainingMix.ORIGIN),
        col(Documents.CATEGORY).as(TrainingMix.CATEGORY),
        col(Documents.TEXT).as(TrainingMix.TEXT),
        col(Documents.TEXT_HASH).as(TrainingMix.TEXT_HASH),
        col(Documents.SOURCE).as(TrainingMix.SOURCE),
        col(LineageColumns.path(LineageColumns.GENERATOR) + "." + LineageColumns.GENERATOR_NAME).as(TrainingMix.GENERATOR),
        col(LineageColumns.path(LineageColumns.DEPTH)).as(TrainingMix.DEPTH));
    return r.unionByName(s);
  }
}
