package dev.synthmix.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.ContentHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The shape of a synthetic set made by paraphrasing (issue 13): real documents of about {@code
 * words} words, each followed by {@code copies} synthetic copies with a share {@code editRate} of
 * its words replaced by random corpus words. Every document of a group is a near duplicate of every
 * other: at 600 words and 3 % replaced, a copy keeps word-5-gram Jaccard ≈ 0.74 with its base and
 * ≈ 0.58 with another copy, so at threshold 0.5 a group of 11 is 55 verified pairs.
 *
 * <p>Document i is slot {@code i % (copies + 1)} of group {@code i / (copies + 1)}; slot 0 is the
 * real base, cut as runs of 40 words from seeded passages (so bases stay distinct when there are
 * more of them than passages). Document i depends only on (seed, i): generated on the executors.
 */
final class CopiesCorpus implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int CUT = 40;
  private static final String[] GENERATORS = {"gen-a", "gen-b", "gen-c"};
  private static final String RESOURCE = "/corpus/sotu.jsonl.bz2";

  private final String[][] passages;
  private final String[] categories;
  private final long seed;
  private final int copies;
  private final int words;
  private final double editRate;

  private CopiesCorpus(String[][] passages, String[] categories, long seed, int copies, int words, double editRate) {
    this.passages = passages;
    this.categories = categories;
    this.seed = seed;
    this.copies = copies;
    this.words = words;
    this.editRate = editRate;
  }

  static CopiesCorpus embedded(long seed, int copies, int words, double editRate) {
    if (copies < 1 || words < 1 || !(editRate >= 0 && editRate < 1)) {
      throw new IllegalArgumentException("Cannot build a copies corpus with copies " + copies + ", words " + words
          + ", edit rate " + editRate + ": use copies ≥ 1, words ≥ 1 and an edit rate in [0, 1)");
    }
    List<String[]> text = new ArrayList<>();
    List<String> cats = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream raw = CopiesCorpus.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("Cannot read " + RESOURCE + ": not on the classpath");
      }
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(new BZip2CompressorInputStream(raw), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode node = json.readTree(line);
        text.add(node.get("text").asText().split(" "));
        cats.add(node.get("category").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return new CopiesCorpus(text.toArray(new String[0][]), cats.toArray(new String[0]), seed, copies, words, editRate);
  }

  /** Document {@code i} in the {@link TrainingMix} shape. */
  Row doc(long i) {
    long group = i / (copies + 1);
    int slot = (int) (i % (copies + 1));
    String id = String.format("d%09d", i);
    SplittableRandom baseRandom = random(group, 0);
    String category = categories[baseRandom.split().nextInt(passages.length)];
    List<String> base = base(baseRandom);
    if (slot == 0) {
      String text = String.join(" ", base);
      return RowFactory.create(id, TrainingMix.ORIGIN_REAL, category, text, ContentHash.of(text), "sotu", null, 0, "eng");
    }
    SplittableRandom r = random(group, slot);
    List<String> copy = new ArrayList<>(base);
    int replace = (int) Math.round(editRate * copy.size());
    Set<Integer> done = new HashSet<>();
    while (done.size() < Math.min(replace, copy.size())) {
      int at = r.nextInt(copy.size());
      if (done.add(at)) {
        String[] p = passages[r.nextInt(passages.length)];
        copy.set(at, p[r.nextInt(p.length)]);
      }
    }
    String text = String.join(" ", copy);
    String generator = GENERATORS[slot % GENERATORS.length];
    return RowFactory.create(id, TrainingMix.ORIGIN_SYNTHETIC, category, text, ContentHash.of(text),
        "copies-" + generator, generator, 1, "eng");
  }

  /** Documents [0, n) as a Dataset, generated on the executors. */
  static Dataset<Row> mix(SparkSession spark, long n, long seed, int copies, int words, double editRate,
      int partitions) {
    MapPartitionsFunction<Long, Row> generate = ids -> {
      CopiesCorpus corpus = embedded(seed, copies, words, editRate);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          return corpus.doc(ids.next());
        }
      };
    };
    return spark.range(0, n, 1, partitions).mapPartitions(generate, Encoders.row(TrainingMix.SCHEMA));
  }

  private List<String> base(SplittableRandom r) {
    List<String> out = new ArrayList<>(words);
    while (out.size() < words) {
      String[] p = passages[r.nextInt(passages.length)];
      int start = p.length <= CUT ? 0 : r.nextInt(p.length - CUT + 1);
      for (int w = start; w < Math.min(p.length, start + CUT) && out.size() < words; w++) {
        out.add(p[w]);
      }
    }
    return out;
  }

  private SplittableRandom random(long group, int slot) {
    return new SplittableRandom((seed * 0x9E3779B97F4A7C15L + group) * 0xBF58476D1CE4E5B9L + slot);
  }
}
