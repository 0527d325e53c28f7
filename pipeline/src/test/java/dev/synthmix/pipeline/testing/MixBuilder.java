package dev.synthmix.pipeline.testing;

import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.ContentHash;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Builds small training mixes ({@link TrainingMix#SCHEMA}) for tests, one document per call. */
public final class MixBuilder {

  private final List<Row> rows = new ArrayList<>();

  /** A real document (generator null, depth 0). */
  public MixBuilder real(String docId, String category, String text) {
    rows.add(
        RowFactory.create(
            docId,
            TrainingMix.ORIGIN_REAL,
            category,
            text,
            ContentHash.of(text),
            "test-real",
            null,
            0, "eng"));
    return this;
  }

  /** A synthetic document of {@code generator} at {@code depth}. */
  public MixBuilder synthetic(
      String docId, String generator, int depth, String category, String text) {
    rows.add(
        RowFactory.create(
            docId,
            TrainingMix.ORIGIN_SYNTHETIC,
            category,
            text,
            ContentHash.of(text),
            "test-" + generator,
            generator,
            depth, "eng"));
    return this;
  }

  /** {@code count} real documents of one category with generated ids and texts. */
  public MixBuilder reals(String category, int count) {
    for (int i = 0; i < count; i++) {
      real("r-" + category + "-" + i, category, "real " + category + " " + i);
    }
    return this;
  }

  /** {@code count} synthetic documents of one category with generated ids and texts. */
  public MixBuilder synthetics(String generator, String category, int count) {
    for (int i = 0; i < count; i++) {
      synthetic(
          "s-" + generator + "-" + category + "-" + i,
          generator,
          1,
          category,
          "syn " + category + " " + i);
    }
    return this;
  }

  public Dataset<Row> build(SparkSession spark) {
    return spark.createDataFrame(rows, TrainingMix.SCHEMA);
  }
}
