package dev.synthmix.pipeline.dedup;

import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.ContentHash;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Builders of small training mixes for dedup tests. */
final class DedupFixtures {

  private final List<Row> rows = new ArrayList<>();

  DedupFixtures real(String id, String category, String text) {
    rows.add(
        RowFactory.create(
            id, TrainingMix.ORIGIN_REAL, category, text, ContentHash.of(text), "test", null, 0, "eng"));
    return this;
  }

  DedupFixtures synthetic(String id, String category, String generator, String text) {
    rows.add(
        RowFactory.create(
            id,
            TrainingMix.ORIGIN_SYNTHETIC,
            category,
            text,
            ContentHash.of(text),
            "set-" + generator,
            generator,
            1, "eng"));
    return this;
  }

  /** A synthetic document of set {@code set} at generation depth {@code depth}. */
  DedupFixtures synthetic(
      String id, String category, String generator, String set, int depth, String text) {
    rows.add(
        RowFactory.create(
            id,
            TrainingMix.ORIGIN_SYNTHETIC,
            category,
            text,
            ContentHash.of(text),
            set,
            generator,
            depth, "eng"));
    return this;
  }

  Dataset<Row> build(SparkSession spark) {
    return spark.createDataFrame(rows, TrainingMix.SCHEMA);
  }

  /** {@code n} words unlikely to occur elsewhere, made from {@code seed}. */
  static List<String> words(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> words = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      words.add("w" + Long.toString(r.nextLong() >>> 1, 36));
    }
    return words;
  }

  /** {@code base} with the words at {@code positions} replaced by fresh ones. */
  static String replaced(List<String> base, long seed, int... positions) {
    List<String> copy = new ArrayList<>(base);
    List<String> fresh = words(seed ^ 0x5A5A5A5AL, positions.length);
    for (int i = 0; i < positions.length; i++) {
      copy.set(positions[i], fresh.get(i));
    }
    return String.join(" ", copy);
  }
}
