package dev.synthmix.pipeline.mix;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the per-category measures (coverage, diversity, collapse) slice the training mix by. They
 * group by {@link TrainingMix#CATEGORY}; slicing by language puts each document's language code in
 * that column, so every such measure, table and gate works per language unchanged.
 */
public enum MixSlice {
  /** The documents' own category. */
  CATEGORY,
  /** The language identified at ingest ({@link TrainingMix#LANGUAGE}). */
  LANGUAGE;

  /** Parses {@code category} or {@code language}, case-insensitively. */
  public static MixSlice parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot use synthmix.audit.slice-by = '" + value + "': expected category or language", e);
    }
  }

  /** {@code mix} (shape {@link TrainingMix#SCHEMA}) with its category column as this slice. */
  public Dataset<Row> apply(Dataset<Row> mix) {
    return this == CATEGORY ? mix : mix.withColumn(TrainingMix.CATEGORY, column());
  }

  /** The mix column this slice reads. */
  public Column column() {
    return col(this == CATEGORY ? TrainingMix.CATEGORY : TrainingMix.LANGUAGE);
  }
}
