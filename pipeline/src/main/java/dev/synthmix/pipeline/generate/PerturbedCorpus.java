package dev.synthmix.pipeline.generate;

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
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A seeded training mix of any size built from the embedded SOTU passages, with near duplicates of
 * known construction, for dedup tests and benchmarks.
 *
 * <p>Documents come in groups of {@link #GROUP} consecutive ids. Slot 0 of a group is a real base
 * document: {@link #CHUNKS} runs of {@link #CHUNK_WORDS} words cut at seeded places from seeded
 * passages, so base documents are mostly distinct even when there are far more of them than
 * passages. Each further slot is, with probability {@link #VARIANT_SHARE}, a synthetic variant of
 * the base (an exact copy one time in ten, else a copy with a seeded share of 0–6% of its words
 * substituted, deleted, inserted or swapped, which spans word-5-gram Jaccard ≈ 0.5–1), and
 * otherwise another independent real base document. Document i depends only on (seed, i), so a
 * corpus is generated in parallel without any driver-side state.
 */
public final class PerturbedCorpus implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int GROUP = 4;
  public static final int CHUNKS = 4;
  public static final int CHUNK_WORDS = 35;
  public static final double VARIANT_SHARE = 0.35;
  private static final double MAX_EDIT_RATE = 0.06;
  private static final String[] GENERATORS = {"gen-a", "gen-b", "gen-c"};
  private static final String RESOURCE = "/corpus/sotu.jsonl.bz2";

  private final String[][] passages;
  private final String[] categories;
  private final long seed;

  private PerturbedCorpus(String[][] passages, String[] categories, long seed) {
    this.passages = passages;
    this.categories = categories;
    this.seed = seed;
  }

  /** A generator over the embedded corpus (12,876 passages, read once). */
  public static PerturbedCorpus embedded(long seed) {
    List<String[]> words = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream raw = PerturbedCorpus.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("Cannot read " + RESOURCE + ": not on the classpath");
      }
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(new BZip2CompressorInputStream(raw), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode node = json.readTree(line);
        words.add(node.get("text").asText().split(" "));
        categories.add(node.get("category").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return new PerturbedCorpus(
        words.toArray(new String[0][]), categories.toArray(new String[0]), seed);
  }

  /** Document {@code i} in the {@link TrainingMix} shape. */
  public Row doc(long i) {
    long group = i / GROUP;
    int slot = (int) (i % GROUP);
    SplittableRandom slotRandom = random(i, 1);
    boolean variant = slot > 0 && slotRandom.nextDouble() < VARIANT_SHARE;
    String id = String.format("d%09d", i);
    if (!variant) {
      String[] base = base(i);
      String text = String.join(" ", base);
      return RowFactory.create(
          id, TrainingMix.ORIGIN_REAL, category(i), text, ContentHash.of(text), "sotu", null, 0, "eng");
    }
    String[] base = base(group * GROUP);
    String text =
        slotRandom.nextInt(10) == 0
            ? String.join(" ", base)
            : perturb(base, slotRandom.nextDouble() * MAX_EDIT_RATE, slotRandom);
    String generator = GENERATORS[slotRandom.nextInt(GENERATORS.length)];
    return RowFactory.create(
        id,
        TrainingMix.ORIGIN_SYNTHETIC,
        category(group * GROUP),
        text,
        ContentHash.of(text),
        "perturbed-" + generator,
        generator,
        1, "eng");
  }

  /** Documents [0, n) as a Dataset, generated on the executors. */
  public static Dataset<Row> mix(SparkSession spark, long n, long seed, int partitions) {
    MapPartitionsFunction<Long, Row> generate =
        ids -> {
          PerturbedCorpus corpus = embedded(seed);
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
    return spark
        .range(0, n, 1, partitions)
        .mapPartitions(generate, Encoders.row(TrainingMix.SCHEMA));
  }

  private String[] base(long i) {
    SplittableRandom r = random(i, 2);
    List<String> words = new ArrayList<>(CHUNKS * CHUNK_WORDS);
    for (int c = 0; c < CHUNKS; c++) {
      String[] passage = passages[r.nextInt(passages.length)];
      int start = passage.length <= CHUNK_WORDS ? 0 : r.nextInt(passage.length - CHUNK_WORDS);
      for (int w = start; w < Math.min(passage.length, start + CHUNK_WORDS); w++) {
        words.add(passage[w]);
      }
    }
    return words.toArray(new String[0]);
  }

  private String category(long i) {
    return categories[random(i, 2).nextInt(passages.length)];
  }

  private String perturb(String[] base, double rate, SplittableRandom r) {
    List<String> words = new ArrayList<>(List.of(base));
    int edits = (int) Math.round(rate * base.length);
    for (int e = 0; e < edits; e++) {
      int at = r.nextInt(words.size());
      switch (r.nextInt(4)) {
        case 0 -> words.set(at, randomWord(r));
        case 1 -> words.remove(at);
        case 2 -> words.add(at, randomWord(r));
        default -> {
          int next = Math.min(words.size() - 1, at + 1);
          String w = words.get(at);
          words.set(at, words.get(next));
          words.set(next, w);
        }
      }
    }
    return String.join(" ", words);
  }

  private String randomWord(SplittableRandom r) {
    String[] passage = passages[r.nextInt(passages.length)];
    return passage[r.nextInt(passage.length)];
  }

  private SplittableRandom random(long i, int stream) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 31 + stream);
  }
}
