package dev.synthmix.pipeline.contamination;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.ContaminationTables;
import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.sketch.BloomFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation items inside the training mix, by n-gram overlap of normalised words (n = 13 by
 * default; an item shorter than n words is one gram of all its words when it has at least {@code
 * min-tokens}). Robust to case, punctuation and re-wrapping, since both sides go through the
 * normaliser.
 *
 * <p>Plan: the items' gram hashes ({@link NGramHashes}) are built once and summarised in a Bloom
 * filter broadcast to every task; one pass over the mix hashes each document's grams and keeps
 * only those the filter may hold (a few per thousand for clean text); a join with the items' grams
 * names the candidate (document, item) pairs; each candidate is then confirmed word by word on
 * both texts, so a hash or filter false positive is never reported. The mix is scanned once and
 * its texts are only re-read for the candidates.
 */
public final class Contamination {

  private static final Logger LOG = LoggerFactory.getLogger(Contamination.class);

  private static final String GRAM = "_gram";
  private static final String LENGTH = "_k";
  private static final String ITEM_TEXT = "_item_text";
  private static final double BLOOM_FPP = 0.001;

  private static final StructType ITEM_GRAMS =
      new StructType()
          .add(ContaminationTables.BENCHMARK, DataTypes.StringType, false)
          .add(ContaminationTables.ITEM_ID, DataTypes.StringType, false)
          .add(LENGTH, DataTypes.IntegerType, false)
          .add(GRAM, DataTypes.LongType, true);
  private static final StructType DOC_GRAMS =
      new StructType()
          .add(TrainingMix.DOC_ID, DataTypes.StringType, false)
          .add(GRAM, DataTypes.LongType, false);

  private final ContaminationSettings settings;

  public Contamination(ContaminationSettings settings) {
    this.settings = settings;
  }

  /**
   * The matches ({@link ContaminationTables#MATCHES_SCHEMA}) and the per-group table ({@link
   * ContaminationTables#SCHEMA}).
   *
   * @param itemsChecked items long enough to be matched, per benchmark
   * @param itemsTooShort items with fewer than min-tokens words, not matched
   */
  public record Result(Dataset<Row> matches, Dataset<Row> table, long itemsChecked, long itemsTooShort,
      List<Dataset<Row>> cached) {
    /** Frees what the lazy tables read (the items' grams, the candidates) once they are written. */
    public void release() {
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * @param mix the training mix ({@link TrainingMix#SCHEMA})
   * @param items the benchmarks' items ({@link BenchmarkItems#SCHEMA})
   * @param profile documents per origin × generator × depth × category ({@link MixProfileTable#SCHEMA})
   * @param benchmarks the benchmark names: each gets its rows, even when none of its items is found
   */
  public Result find(Dataset<Row> mix, Dataset<Row> items, Dataset<Row> profile, List<String> benchmarks) {
    SparkSession spark = mix.sparkSession();
    int n = settings.ngram();
    int minTokens = settings.minTokens();
    Tokenizer tokenizer = settings.tokenizer();
    // Read once: the items' grams and the confirmation both need them.
    Dataset<Row> cachedItems = items.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> itemGrams = cachedItems.flatMap(itemGrams(n, minTokens, tokenizer), Encoders.row(ITEM_GRAMS))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> grams = itemGrams.where(col(GRAM).isNotNull());
    // One job: items per benchmark and the gram lengths below n that short items bring (each
    // length costs a pass of its own over every document's words, so only those present are tried).
    // An item has one length, so its distinct count per (benchmark, length) adds up per benchmark.
    Map<String, Long> itemCounts = new TreeMap<>();
    Set<Integer> lengths = new TreeSet<>();
    long checked = 0;
    long tooShort = 0;
    long gramCount = 0;
    for (Row r : itemGrams.groupBy(ContaminationTables.BENCHMARK, LENGTH)
        .agg(countDistinct(when(col(GRAM).isNotNull(), col(ContaminationTables.ITEM_ID))),
            countDistinct(when(col(GRAM).isNull(), col(ContaminationTables.ITEM_ID))), count(col(GRAM)))
        .collectAsList()) {
      itemCounts.merge(r.getString(0), r.getLong(2), Long::sum);
      checked += r.getLong(2);
      tooShort += r.getLong(3);
      gramCount += r.getLong(4);
      if (r.getLong(4) > 0) {
        lengths.add(r.getInt(1));
      }
      if (r.getLong(3) > 0) {
        LOG.warn("benchmark {}: {} items have {} words, fewer than {} ({}), and are not checked", r.getString(0),
            r.getLong(3), r.getInt(1), minTokens, ContaminationSettings.MIN_TOKENS);
      }
    }
    BloomFilter filter = gramCount == 0 ? BloomFilter.create(1, BLOOM_FPP)
        : grams.stat().bloomFilter(col(GRAM), gramCount, BLOOM_FPP);
    LOG.info("contamination: {} items of {} benchmark(s) checked ({} too short), {} grams of {} words",
        checked, benchmarks.size(), tooShort, gramCount, lengths);
    Broadcast<BloomFilter> bloom = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(filter);
    int[] ks = lengths.stream().mapToInt(Integer::intValue).toArray();

    Dataset<Row> docGrams = mix.select(TrainingMix.DOC_ID, TrainingMix.TEXT)
        .flatMap(docGrams(ks, tokenizer, bloom), Encoders.row(DOC_GRAMS));
    Dataset<Row> candidates = docGrams.join(grams.select(GRAM, ContaminationTables.BENCHMARK, ContaminationTables.ITEM_ID), GRAM)
        .select(TrainingMix.DOC_ID, ContaminationTables.BENCHMARK, ContaminationTables.ITEM_ID)
        .distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    long candidateCount = candidates.count();
    // Candidates are few unless the mix is badly contaminated: then the mix's texts are joined to
    // them by a broadcast, not by shuffling the whole mix.
    Dataset<Row> pairs = candidateCount <= 1_000_000L ? broadcast(candidates) : candidates;
    Dataset<Row> withTexts = mix.select(TrainingMix.DOC_ID, TrainingMix.ORIGIN, TrainingMix.GENERATOR, TrainingMix.DEPTH,
            TrainingMix.CATEGORY, TrainingMix.TEXT)
        .join(pairs, TrainingMix.DOC_ID)
        .join(cachedItems.withColumnRenamed(BenchmarkItems.TEXT, ITEM_TEXT),
            new String[] {ContaminationTables.BENCHMARK, ContaminationTables.ITEM_ID});
    // Kept once confirmed: the matches are written, then counted into the table, and the
    // confirmation (both texts of every candidate) is the costly step.
    Dataset<Row> matches = withTexts.flatMap(confirmed(n, minTokens, tokenizer, settings.excerptChars()),
        Encoders.row(ContaminationTables.MATCHES_SCHEMA)).persist(StorageLevel.MEMORY_AND_DISK());
    LOG.info("contamination: {} candidate (document, item) pairs from the gram index", candidateCount);
    return new Result(matches, table(spark, matches, profile, benchmarks, itemCounts), checked, tooShort,
        List.of(cachedItems, itemGrams, candidates, matches));
  }

  /** Each item's grams: its n-grams, or one gram of all its words when it is shorter; null gram = too short. */
  private static FlatMapFunction<Row, Row> itemGrams(int n, int minTokens, Tokenizer tokenizer) {
    return r -> {
      long[] words = tokenizer.wordHashes(r.getString(2));
      int k = Math.min(n, words.length);
      List<Row> out = new ArrayList<>();
      if (k < minTokens) {
        out.add(RowFactory.create(r.getString(0), r.getString(1), k, null));
        return out.iterator();
      }
      Set<Long> seen = new HashSet<>();
      for (long g : NGramHashes.of(words, k)) {
        if (seen.add(g)) {
          out.add(RowFactory.create(r.getString(0), r.getString(1), k, g));
        }
      }
      return out.iterator();
    };
  }

  /** Each document's grams of every length in {@code ks} that the filter may hold, once each. */
  private static FlatMapFunction<Row, Row> docGrams(int[] ks, Tokenizer tokenizer, Broadcast<BloomFilter> bloom) {
    return r -> {
      BloomFilter filter = bloom.value();
      long[] words = tokenizer.wordHashes(r.getString(1));
      List<Row> out = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      for (int k : ks) {
        for (long g : NGramHashes.of(words, k)) {
          if (filter.mightContainLong(g) && seen.add(g)) {
            out.add(RowFactory.create(r.getString(0), g));
          }
        }
      }
      return out.iterator();
    };
  }

  /** The candidate pairs whose texts share a gram word for word, as match rows. */
  private static FlatMapFunction<Row, Row> confirmed(int n, int minTokens, Tokenizer tokenizer, int excerptChars) {
    return r -> {
      String docText = r.getString(r.fieldIndex(TrainingMix.TEXT));
      String itemText = r.getString(r.fieldIndex(ITEM_TEXT));
      SpanMatch m = SpanMatch.of(docText, itemText, n, minTokens, tokenizer, excerptChars);
      if (m == null) {
        return Collections.emptyIterator();
      }
      return List.of(RowFactory.create(
          r.getString(r.fieldIndex(TrainingMix.DOC_ID)),
          r.getString(r.fieldIndex(TrainingMix.ORIGIN)),
          r.isNullAt(r.fieldIndex(TrainingMix.GENERATOR)) ? null
              : r.getString(r.fieldIndex(TrainingMix.GENERATOR)),
          r.getInt(r.fieldIndex(TrainingMix.DEPTH)),
          r.getString(r.fieldIndex(TrainingMix.CATEGORY)),
          r.getString(r.fieldIndex(ContaminationTables.BENCHMARK)),
          r.getString(r.fieldIndex(ContaminationTables.ITEM_ID)),
          m.matchedGrams(), m.longestSpan(), m.excerpt())).iterator();
    };
  }

  /**
   * Per benchmark × origin × generator × depth × category, with "*" rows pooling categories and
   * benchmarks. Documents checked come from the profile (every benchmark checks every document).
   */
  private static Dataset<Row> table(SparkSession spark, Dataset<Row> matches, Dataset<Row> profile,
      List<String> benchmarks, Map<String, Long> itemCounts) {
    String all = ContaminationTables.ALL;
    List<Row> names = new ArrayList<>();
    long totalItems = 0;
    for (String b : benchmarks) {
      long items = itemCounts.getOrDefault(b, 0L);
      totalItems += items;
      names.add(RowFactory.create(b, items));
    }
    names.add(RowFactory.create(all, totalItems));
    Dataset<Row> benchmarkItems = spark.createDataFrame(names, new StructType()
        .add(ContaminationTables.BENCHMARK, DataTypes.StringType, false)
        .add(ContaminationTables.BENCHMARK_ITEMS, DataTypes.LongType, false));

    Column[] lineage = {col(ContaminationTables.ORIGIN), col(ContaminationTables.GENERATOR), col(ContaminationTables.DEPTH)};
    Dataset<Row> perCategory = profile.select(col(MixProfileTable.ORIGIN), col(MixProfileTable.GENERATOR),
        col(MixProfileTable.DEPTH), col(MixProfileTable.CATEGORY), col(MixProfileTable.DOCUMENTS));
    Dataset<Row> checked = perCategory.unionByName(perCategory.groupBy(lineage)
            .agg(sum(MixProfileTable.DOCUMENTS).as(MixProfileTable.DOCUMENTS))
            .withColumn(ContaminationTables.CATEGORY, lit(all)))
        .withColumnRenamed(MixProfileTable.DOCUMENTS, ContaminationTables.DOCUMENTS_CHECKED)
        .crossJoin(benchmarkItems);

    Column itemKey = concat_ws("\u0000", col(ContaminationTables.BENCHMARK), col(ContaminationTables.ITEM_ID));
    Dataset<Row> keyed = matches.select(col(ContaminationTables.BENCHMARK), col(ContaminationTables.ORIGIN),
        col(ContaminationTables.GENERATOR), col(ContaminationTables.DEPTH), col(ContaminationTables.CATEGORY),
        col(ContaminationTables.DOC_ID), itemKey.as("_item"));
    Dataset<Row> found = null;
    for (boolean poolBenchmark : new boolean[] {false, true}) {
      for (boolean poolCategory : new boolean[] {false, true}) {
        Dataset<Row> rows = keyed;
        if (poolBenchmark) {
          rows = rows.withColumn(ContaminationTables.BENCHMARK, lit(all));
        }
        if (poolCategory) {
          rows = rows.withColumn(ContaminationTables.CATEGORY, lit(all));
        }
        Dataset<Row> counted = rows.groupBy(col(ContaminationTables.BENCHMARK), col(ContaminationTables.ORIGIN),
                col(ContaminationTables.GENERATOR), col(ContaminationTables.DEPTH), col(ContaminationTables.CATEGORY))
            .agg(countDistinct(ContaminationTables.DOC_ID).as(ContaminationTables.DOCUMENTS_CONTAMINATED),
                countDistinct("_item").as(ContaminationTables.ITEMS_FOUND));
        found = found == null ? counted : found.unionByName(counted);
      }
    }
    Column keys = col("c." + ContaminationTables.BENCHMARK).equalTo(col("f." + ContaminationTables.BENCHMARK))
        .and(col("c." + ContaminationTables.ORIGIN).equalTo(col("f." + ContaminationTables.ORIGIN)))
        .and(col("c." + ContaminationTables.GENERATOR).eqNullSafe(col("f." + ContaminationTables.GENERATOR)))
        .and(col("c." + ContaminationTables.DEPTH).equalTo(col("f." + ContaminationTables.DEPTH)))
        .and(col("c." + ContaminationTables.CATEGORY).equalTo(col("f." + ContaminationTables.CATEGORY)));
    Column contaminated = coalesce(col("f." + ContaminationTables.DOCUMENTS_CONTAMINATED), lit(0L));
    Column itemsFound = coalesce(col("f." + ContaminationTables.ITEMS_FOUND), lit(0L));
    Column docs = col("c." + ContaminationTables.DOCUMENTS_CHECKED);
    Column items = col("c." + ContaminationTables.BENCHMARK_ITEMS);
    return checked.as("c").join(found.as("f"), keys, "left").select(
        col("c." + ContaminationTables.BENCHMARK).as(ContaminationTables.BENCHMARK),
        col("c." + ContaminationTables.ORIGIN).as(ContaminationTables.ORIGIN),
        col("c." + ContaminationTables.GENERATOR).as(ContaminationTables.GENERATOR),
        col("c." + ContaminationTables.DEPTH).as(ContaminationTables.DEPTH),
        col("c." + ContaminationTables.CATEGORY).as(ContaminationTables.CATEGORY),
        docs.as(ContaminationTables.DOCUMENTS_CHECKED),
        contaminated.as(ContaminationTables.DOCUMENTS_CONTAMINATED),
        contaminated.cast("double").divide(when(docs.gt(0), docs)).as(ContaminationTables.CONTAMINATED_SHARE),
        itemsFound.as(ContaminationTables.ITEMS_FOUND),
        items.as(ContaminationTables.BENCHMARK_ITEMS),
        itemsFound.cast("double").divide(when(items.gt(0), items)).as(ContaminationTables.ITEMS_FOUND_SHARE));
  }
}
