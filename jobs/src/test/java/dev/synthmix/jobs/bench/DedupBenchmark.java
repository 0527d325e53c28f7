package dev.synthmix.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import dev.synthmix.pipeline.dedup.AllPairsReference;
import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.dedup.DupClustering;
import dev.synthmix.pipeline.dedup.DupResult;
import dev.synthmix.pipeline.dedup.LshCandidates;
import dev.synthmix.pipeline.dedup.NearDuplicates;
import dev.synthmix.pipeline.features.LshBanding;
import dev.synthmix.pipeline.generate.PerturbedCorpus;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Shingles;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Times synthmix's dedup against MLlib's {@code MinHashLSH.approxSimilarityJoin} on seeded
 * perturbed corpora ({@link PerturbedCorpus}) and measures recall against {@link
 * AllPairsReference}. Not a test: run it with {@code scripts/bench.sh}.
 *
 * <p>Arguments (all optional): {@code --sizes 10000,100000} {@code --threshold 0.8} {@code
 * --partitions 8} {@code --mllib-tables 3,5} {@code --mllib-max 100000} {@code --mllib-timeout 600}
 * (seconds per MLlib attempt) {@code --reference-max 100000} {@code --fn-sweep} (false negative
 * rates at thresholds 0.5..0.9 on the smallest size) {@code --work /tmp/synthmix-bench}.
 *
 * <p>Corpus: {@link PerturbedCorpus} by default. {@code --copies K} switches to {@link CopiesCorpus},
 * the shape of a set made by paraphrasing: each real document followed by K synthetic copies with
 * {@code --edit-rate 0.03} of its words replaced, documents of {@code --words 600}; a size is then
 * the total count, (K + 1) documents per real one. The issue-13 shape is {@code --copies 10
 * --words 600 --edit-rate 0.03 --threshold 0.5 --mllib-tables 5} on 66,000 documents (6,000 real).
 * Lives in test scope: benchmark code stays out of the shaded jar.
 */
public final class DedupBenchmark {

  private static final long SEED = 20_261_124L;

  private final SparkSession spark;
  private final Map<String, String> options;
  private final HeapSampler heap = new HeapSampler();

  private DedupBenchmark(SparkSession spark, Map<String, String> options) {
    this.spark = spark;
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    SparkConf conf = new SparkConf().setAppName("synthmix-dedup-benchmark");
    conf.setIfMissing("spark.master", "local[2]");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", options.getOrDefault("partitions", "8"));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      new DedupBenchmark(spark, options).run();
    } finally {
      spark.stop();
    }
  }

  private void run() throws Exception {
    heap.start();
    double threshold = Double.parseDouble(options.getOrDefault("threshold", "0.8"));
    DedupSettings settings = DedupSettings.defaults().withThreshold(threshold);
    LshBanding banding = settings.banding();
    System.out.printf(
        "# synthmix dedup benchmark: threshold %.2f, %s P=%d, bands x rows = %d x %d, "
            + "anchors %d, max bucket %d, cores %d, max heap %.1f GiB%n",
        threshold,
        settings.minHash(),
        settings.permutations(),
        banding.bands(),
        banding.rows(),
        settings.anchors(),
        settings.maxBucketSize(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    List<Long> sizes =
        Arrays.stream(options.getOrDefault("sizes", "10000,100000").split(","))
            .map(Long::parseLong)
            .toList();
    for (long n : sizes) {
      runSize(n, settings);
    }
    if (options.containsKey("fn-sweep")) {
      sweep(sizes.get(0), settings);
    }
  }

  private void runSize(long n, DedupSettings settings) throws Exception {
    int partitions = Integer.parseInt(options.getOrDefault("partitions", "8"));
    String path = mixPath(n);
    long t0 = System.nanoTime();
    corpus(n, partitions).write().mode("overwrite").parquet(path);
    Dataset<Row> mix = spark.read().parquet(path);
    System.out.printf("%n## %,d docs, %s (generated in %.1f s)%n", n, corpusName(n), seconds(t0));

    // Warm-up on a small slice, untimed, so the first timed step does not pay for JIT compilation
    // and Spark's code generation alone (MLlib runs later, on a warm JVM).
    NearDuplicates.find(mix.limit(2_000), settings).pairs().count();

    heap.reset();
    long tn = System.nanoTime();
    long nearOnly = NearDuplicates.verifiedNearPairs(mix, settings).count();
    double nearSeconds = seconds(tn);
    System.out.printf(
        "synthmix near stage only (shingle+OPH+LSH+verify): %.1f s, %,.0f docs/s, %,d near pairs, "
            + "peak heap %d MiB%n",
        nearSeconds, n / nearSeconds, nearOnly, heap.peak() >> 20);

    heap.reset();
    long t1 = System.nanoTime();
    DupResult result = NearDuplicates.find(mix, settings);
    long pairs = result.pairs().count();
    long clustered = result.clusters().count();
    long rateRows = result.rates().count();
    double synthmixSeconds = seconds(t1);
    long synthmixHeap = heap.peak();
    List<Row> nearRows =
        result
            .pairs()
            .filter(col(DupPairs.KIND).equalTo(DupPairs.KIND_NEAR))
            .select(DupPairs.DOC_ID_A, DupPairs.DOC_ID_B)
            .collectAsList();
    System.out.printf(
        "synthmix find (pairs+clusters+rates): %.1f s, %,.0f docs/s, %,d pairs (%,d near), "
            + "%,d clustered docs, %d rate rows, peak heap %d MiB%n",
        synthmixSeconds,
        n / synthmixSeconds,
        pairs,
        nearRows.size(),
        clustered,
        rateRows,
        synthmixHeap >> 20);
    DupClustering.largest(result.clusters(), 3).show(false);
    long candidates = n <= 200_000 ? LshCandidates.candidates(mix, settings).count() : -1;
    System.out.printf("synthmix LSH candidate pairs: %,d%n", candidates);

    Reference reference = null;
    if (n <= Long.parseLong(options.getOrDefault("reference-max", "100000"))) {
      long t2 = System.nanoTime();
      reference = Reference.of(mix, settings.threshold(), settings);
      System.out.printf(
          "exact reference (AllPairs, driver): %.1f s, %,d pairs (%,d between different texts)%n",
          seconds(t2), reference.pairs.size(), reference.nearPairs);
      Set<String> near = new HashSet<>();
      for (Row r : nearRows) {
        near.add(r.getString(0) + "|" + r.getString(1));
      }
      reference.report("synthmix", near, true);
    }

    if (n <= Long.parseLong(options.getOrDefault("mllib-max", "100000"))) {
      for (String tables : options.getOrDefault("mllib-tables", "3,5").split(",")) {
        mllib(mix, settings, Integer.parseInt(tables), n, synthmixSeconds, reference);
      }
    }
  }

  private void mllib(
      Dataset<Row> mix,
      DedupSettings settings,
      int tables,
      long n,
      double synthmixSeconds,
      Reference reference)
      throws Exception {
    int size = settings.shingleSize();
    Shingles.Kind kind = settings.shingleKind();
    UDF1<String, String[]> shingleStrings =
        text ->
            Arrays.stream(Shingles.of(text, size, kind))
                .mapToObj(Long::toHexString)
                .toArray(String[]::new);
    Dataset<Row> shingled =
        mix.select(
                col(TrainingMix.DOC_ID),
                udf(shingleStrings, DataTypes.createArrayType(DataTypes.StringType))
                    .apply(col(TrainingMix.TEXT))
                    .as("shingles"))
            .filter(size(col("shingles")).gt(0));
    HashingTF tf =
        new HashingTF()
            .setInputCol("shingles")
            .setOutputCol("features")
            .setNumFeatures(1 << 26)
            .setBinary(true);
    long timeout = Long.parseLong(options.getOrDefault("mllib-timeout", "600"));
    heap.reset();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    String group = "mllib-" + tables + "-" + n;
    Future<List<Row>> job =
        pool.submit(
            () -> {
              spark.sparkContext().setJobGroup(group, "MLlib MinHashLSH", true);
              Dataset<Row> vectors = tf.transform(shingled).select(TrainingMix.DOC_ID, "features");
              MinHashLSHModel model =
                  new MinHashLSH()
                      .setNumHashTables(tables)
                      .setInputCol("features")
                      .setOutputCol("hashes")
                      .setSeed(SEED)
                      .fit(vectors);
              return model
                  .approxSimilarityJoin(vectors, vectors, 1 - settings.threshold(), "distance")
                  .select(
                      col("datasetA." + TrainingMix.DOC_ID).as("a"),
                      col("datasetB." + TrainingMix.DOC_ID).as("b"))
                  .filter(col("a").lt(col("b")))
                  .collectAsList();
            });
    try {
      List<Row> rows = job.get(timeout, TimeUnit.SECONDS);
      double s = seconds(t0);
      System.out.printf(
          "MLlib MinHashLSH tables=%d: %.1f s, %,.0f docs/s, %,d pairs, peak heap %d MiB, "
              + "synthmix/MLlib time ratio %.3f (MLlib %.1fx slower)%n",
          tables,
          s,
          n / s,
          rows.size(),
          heap.peak() >> 20,
          synthmixSeconds / s,
          s / synthmixSeconds);
      if (reference != null) {
        Set<String> found = new HashSet<>();
        for (Row r : rows) {
          found.add(r.getString(0) + "|" + r.getString(1));
        }
        reference.report("MLlib tables=" + tables, found, false);
      }
    } catch (TimeoutException e) {
      spark.sparkContext().cancelJobGroup(group);
      job.cancel(true);
      System.out.printf(
          "MLlib MinHashLSH tables=%d: did not finish in %d s (cancelled); "
              + "synthmix/MLlib time ratio < %.3f%n",
          tables, timeout, synthmixSeconds / timeout);
    } finally {
      pool.shutdownNow();
    }
  }

  /** False-negative rate of the near stage at thresholds 0.5..0.9 against the reference. */
  private void sweep(long n, DedupSettings base) {
    Dataset<Row> mix = spark.read().parquet(mixPath(n));
    System.out.printf("%n## false-negative rate by threshold, %,d docs%n", n);
    for (double t = 0.5; t <= 0.9001; t += 0.1) {
      DedupSettings s = base.withThreshold(t);
      LshBanding banding = s.banding();
      long t0 = System.nanoTime();
      Set<String> near = new HashSet<>();
      for (Row r : NearDuplicates.verifiedNearPairs(mix, s).collectAsList()) {
        near.add(r.getString(0) + "|" + r.getString(1));
      }
      double secs = seconds(t0);
      Reference reference = Reference.of(mix, t, s);
      System.out.printf(
          "t=%.1f b x r = %d x %d, P(candidate at t) = %.3f, near stage %.1f s: ",
          t,
          banding.bands(),
          banding.rows(),
          LshBanding.candidateProbability(t, banding.bands(), banding.rows()),
          secs);
      reference.report("synthmix", near, true);
    }
  }

  /** The corpus the options ask for: {@link PerturbedCorpus}, or {@link CopiesCorpus} with --copies. */
  private Dataset<Row> corpus(long n, int partitions) {
    if (!options.containsKey("copies")) {
      return PerturbedCorpus.mix(spark, n, SEED, partitions);
    }
    return CopiesCorpus.mix(spark, n, SEED, copies(), words(), editRate(), partitions);
  }

  private String corpusName(long n) {
    if (!options.containsKey("copies")) {
      return "perturbed corpus (~140 words)";
    }
    return String.format("%,d real documents of %d words with %d copies each, %.1f %% of words replaced",
        (n + copies()) / (copies() + 1), words(), copies(), 100 * editRate());
  }

  private String mixPath(long n) {
    String work = options.getOrDefault("work", "/tmp/synthmix-bench");
    return options.containsKey("copies")
        ? work + "/copies-" + n + "-c" + copies() + "-w" + words() + "-e" + editRate()
        : work + "/mix-" + n;
  }

  private int copies() {
    return Integer.parseInt(options.get("copies"));
  }

  private int words() {
    return Integer.parseInt(options.getOrDefault("words", "600"));
  }

  private double editRate() {
    return Double.parseDouble(options.getOrDefault("edit-rate", "0.03"));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Cannot parse argument '" + args[i] + "'");
      }
      String key = args[i].substring(2);
      boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
      options.put(key, flag ? "true" : args[++i]);
    }
    return options;
  }

  /** The exact answer on the driver, and recall/precision of a result against it. */
  private static final class Reference {
    final List<AllPairsReference.Pair> pairs;
    final Map<String, String> hashOf = new HashMap<>();
    final Map<String, String> representative = new HashMap<>();
    long nearPairs;

    private Reference(List<AllPairsReference.Pair> pairs) {
      this.pairs = pairs;
    }

    static Reference of(Dataset<Row> mix, double threshold, DedupSettings s) {
      Map<String, long[]> shingles = new HashMap<>();
      Map<String, String> hashOf = new HashMap<>();
      Iterator<Row> rows =
          mix.select(TrainingMix.DOC_ID, TrainingMix.TEXT, TrainingMix.TEXT_HASH).toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        shingles.put(r.getString(0), Shingles.of(r.getString(1), s.shingleSize(), s.shingleKind()));
        hashOf.put(r.getString(0), r.getString(2));
      }
      Reference ref = new Reference(AllPairsReference.pairs(shingles, threshold));
      ref.hashOf.putAll(hashOf);
      hashOf.forEach(
          (id, h) -> ref.representative.merge(h, id, (x, y) -> x.compareTo(y) < 0 ? x : y));
      for (AllPairsReference.Pair p : ref.pairs) {
        if (!hashOf.get(p.a()).equals(hashOf.get(p.b()))) {
          ref.nearPairs++;
        }
      }
      return ref;
    }

    /**
     * Prints recall over all reference pairs and over pairs of different texts, and precision. With
     * {@code grouped}, a pair counts as found when both sides share a text or their texts'
     * representatives are reported (synthmix reports near pairs between exact groups).
     */
    void report(String name, Set<String> reported, boolean grouped) {
      long found = 0;
      long nearFound = 0;
      Set<String> referenceKeys = new HashSet<>();
      for (AllPairsReference.Pair p : pairs) {
        boolean sameText = hashOf.get(p.a()).equals(hashOf.get(p.b()));
        String key = p.a() + "|" + p.b();
        if (grouped) {
          String ra = representative.get(hashOf.get(p.a()));
          String rb = representative.get(hashOf.get(p.b()));
          key = ra.compareTo(rb) < 0 ? ra + "|" + rb : rb + "|" + ra;
        }
        referenceKeys.add(key);
        boolean hit = grouped ? sameText || reported.contains(key) : reported.contains(key);
        if (hit) {
          found++;
          if (!sameText) {
            nearFound++;
          }
        }
      }
      long falsePositives = reported.stream().filter(k -> !referenceKeys.contains(k)).count();
      System.out.printf(
          "%s: recall %.4f (all %,d pairs), near recall %.4f (%,d pairs of different texts), "
              + "false-negative rate %.4f, precision %.4f%n",
          name,
          pairs.isEmpty() ? 1.0 : (double) found / pairs.size(),
          pairs.size(),
          nearPairs == 0 ? 1.0 : (double) nearFound / nearPairs,
          nearPairs,
          nearPairs == 0 ? 0.0 : 1 - (double) nearFound / nearPairs,
          reported.isEmpty() ? 1.0 : 1 - (double) falsePositives / reported.size());
    }
  }

  /** Samples used heap every 20 ms; the peak since the last reset. */
  private static final class HeapSampler extends Thread {
    private volatile long peak;

    HeapSampler() {
      setDaemon(true);
      setName("heap-sampler");
    }

    @Override
    public void run() {
      Runtime rt = Runtime.getRuntime();
      while (!isInterrupted()) {
        peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void reset() {
      System.gc();
      peak = 0;
    }

    long peak() {
      return peak;
    }
  }
}
