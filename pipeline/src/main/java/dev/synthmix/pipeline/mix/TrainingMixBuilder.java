package dev.synthmix.pipeline.mix;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.LanguageId;
import java.util.Arrays;
import org.apache.spark.sql.Column;
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
        lit(0).as(TrainingMix.DEPTH),
        language(real));
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
        col(LineageColumns.path(LineageColumns.DEPTH)).as(TrainingMix.DEPTH),
        language(synthetic));
    return r.unionByName(s);
  }

  /**
   * The documents' language; {@code und} for rows written before ingest identified languages (and
   * for a table without the column), so the mix has one shape whatever the warehouse's age.
   */
  private static Column language(Dataset<Row> docs) {
    Column known = Arrays.asList(docs.columns()).contains(Documents.LANGUAGE)
        ? coalesce(col(Documents.LANGUAGE), lit(LanguageId.UNDETERMINED))
        : lit(LanguageId.UNDETERMINED);
    return known.as(TrainingMix.LANGUAGE);
  }
}
