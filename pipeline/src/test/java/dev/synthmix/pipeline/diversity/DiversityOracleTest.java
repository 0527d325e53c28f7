package dev.synthmix.pipeline.diversity;

import static org.apache.spark.sql.functions.col;
import dev.synthmix.pipeline.text.Tokenizer;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sketch-based {@link Diversity} against the exact computation it replaced ({@link
 * ExactDiversity}) on a slice of the embedded corpus (1 passage in 24) with an echo generator at
 * three depths: exact figures equal, sketched figures exact while a group has fewer distinct
 * n-grams than the sketch size and within three standard errors above it, windowed ratios within
 * the stated error of a different (hash) document order.
 */
class DiversityOracleTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  /** Windows of 100 words, at most 1000 of them: more than any group here fills. */
  static final DiversitySettings SETTINGS = new DiversitySettings(100, 0.01, 2, 1000, 16, Tokenizer.ICU);

  static Dataset<Row> mix;
  static Map<String, Row> exact;

  @BeforeAll
  static void start() {
    SPARK.start();
    String corpus =
        Objects.requireNonNull(DiversityOracleTest.class.getResource("/corpus/sotu.jsonl.bz2"))
            .getPath();
    Dataset<Row> passages =
        SPARK
            .spark()
            .read()
            .schema("id STRING, text STRING, category STRING")
            .json(corpus)
            .where(pmod(crc32(col("id")), lit(24)).equalTo(0));
    Dataset<Row> real = CorpusAuditTest.real(passages);
    Dataset<Row> seeds = passages.where(pmod(crc32(col("id")), lit(3)).equalTo(0));
    mix =
        real.unionByName(CorpusAuditTest.echo(seeds, 1))
            .unionByName(CorpusAuditTest.echo(seeds, 2))
            .unionByName(CorpusAuditTest.echo(seeds, 3))
            .repartition(3)
            .cache();
    exact = byGroup(new ExactDiversity(SETTINGS).measure(mix));
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Map<String, Row> byGroup(Dataset<Row> table) {
    Map<String, Row> rows = new HashMap<>();
    for (Row r : table.collectAsList()) {
      String key =
          r.getAs(DiversityTable.ORIGIN)
              + "/"
              + r.getAs(DiversityTable.GENERATOR)
              + "/"
              + r.getAs(DiversityTable.DEPTH)
              + "/"
              + r.getAs(DiversityTable.CATEGORY);
      assertThat(rows.put(key, r)).as("one row per group: %s", key).isNull();
    }
    return rows;
  }

  static Double value(Row r, String metric) {
    Object v = r.getAs(metric);
    return v == null ? null : ((Number) v).doubleValue();
  }

  @Test
  void exactFiguresAreExactAndSmallSketchesToo() {
    Map<String, Row> sketched = byGroup(new Diversity(SETTINGS).measure(mix));
    assertThat(sketched.keySet()).isEqualTo(exact.keySet()).hasSizeGreaterThan(20);
    List<String> equal =
        List.of(
            DiversityTable.DOCUMENTS,
            DiversityTable.TOKENS,
            DiversityTable.VOCABULARY,
            DiversityTable.DISTINCT_1,
            DiversityTable.ENTROPY_BITS,
            DiversityTable.MEAN_DOC_TOKENS,
            DiversityTable.P50_DOC_TOKENS,
            DiversityTable.P90_DOC_TOKENS,
            DiversityTable.SAMPLE_WINDOWS,
            DiversityTable.RARE_CATEGORY_SURVIVAL,
            DiversityTable.RARE_NGRAM_SURVIVAL);
    double worstTtr = 0;
    for (Map.Entry<String, Row> e : exact.entrySet()) {
      Row want = e.getValue();
      Row got = sketched.get(e.getKey());
      for (String metric : equal) {
        Double w = value(want, metric);
        Double g = value(got, metric);
        if (w == null) {
          assertThat(g).as("%s of %s", metric, e.getKey()).isNull();
        } else {
          assertThat(g).as("%s of %s", metric, e.getKey()).isCloseTo(w, within(1e-9 * Math.max(1, w)));
        }
      }
      // Exact below 2^16 distinct n-grams (every synthetic group here), estimated above (the real
      // trigrams): within three standard errors, 3/√(2^16).
      for (String metric : List.of(DiversityTable.DISTINCT_2, DiversityTable.DISTINCT_3)) {
        double w = value(want, metric);
        assertThat(value(got, metric)).as("%s of %s", metric, e.getKey()).isCloseTo(w, within(3 * w / 256));
      }
      // A share of the group's sample of bigrams: an absolute error.
      Double novelty = value(want, DiversityTable.NOVELTY_2);
      if (novelty != null) {
        assertThat(value(got, DiversityTable.NOVELTY_2)).as("novelty of %s", e.getKey())
            .isCloseTo(novelty, within(0.01));
      }
      for (String metric : List.of(DiversityTable.TTR_SAMPLE, DiversityTable.DISTINCT_2_SAMPLE)) {
        Double w = value(want, metric);
        Double g = value(got, metric);
        if (w == null) {
          assertThat(g).as("%s of %s", metric, e.getKey()).isNull();
        } else if (value(want, DiversityTable.SAMPLE_WINDOWS) >= 20) {
          // Same windows count, other document order: only the joints between documents move.
          worstTtr = Math.max(worstTtr, Math.abs(g - w) / w);
          assertThat(g).as("%s of %s", metric, e.getKey()).isCloseTo(w, within(0.02 * w));
        }
      }
    }
    assertThat(worstTtr).as("some group is compared").isGreaterThan(0.0);
  }

  @Test
  void windowsAreCappedPerGroup() {
    DiversitySettings capped = new DiversitySettings(100, 0.01, 2, 50, 16, Tokenizer.ICU);
    Map<String, Row> sketched = byGroup(new Diversity(capped).measure(mix));
    for (Map.Entry<String, Row> e : exact.entrySet()) {
      double all = value(e.getValue(), DiversityTable.SAMPLE_WINDOWS);
      assertThat(value(sketched.get(e.getKey()), DiversityTable.SAMPLE_WINDOWS))
          .as("windows of %s", e.getKey())
          .isEqualTo(Math.min(all, 50.0));
    }
  }

  @Test
  void smallSketchesStayWithinThreeStandardErrors() {
    // k = 2^10: every large group is estimated; RSE ≈ 1/√k ≈ 3.1 %.
    DiversitySettings small = new DiversitySettings(100, 0.01, 2, 200, 10, Tokenizer.ICU);
    Map<String, Row> sketched = byGroup(new Diversity(small).measure(mix));
    int estimated = 0;
    for (Map.Entry<String, Row> e : exact.entrySet()) {
      for (String metric : List.of(DiversityTable.DISTINCT_2, DiversityTable.DISTINCT_3)) {
        Double w = value(e.getValue(), metric);
        if (w == null) {
          continue;
        }
        Double g = value(sketched.get(e.getKey()), metric);
        assertThat(g).as("%s of %s", metric, e.getKey()).isCloseTo(w, within(3 * w / 32));
        if (Math.abs(g - w) > 1e-12) {
          estimated++;
        }
      }
    }
    assertThat(estimated).as("figures that really were estimated").isGreaterThan(5);
  }

  @Test
  void eachDocumentIsTokenisedOnce() {
    String plan =
        new Diversity(SETTINGS).measure(mix).queryExecution().executedPlan().toString();
    // The documents (cached here) are scanned once.
    assertThat(plan.split("InMemoryTableScan", -1)).as(plan).hasSize(2);
  }

  @Test
  void adaptiveExecutionRunsTheDocumentPassOnce() throws Exception {
    // The exchange after the document pass must have one reader: with two, adaptive execution
    // (on by default in Spark, off in these tests) ran the pass once per reader.
    SparkSession spark = SPARK.spark();
    List<Long> written = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onStageCompleted(SparkListenerStageCompleted stage) {
            written.add(stage.stageInfo().taskMetrics().shuffleWriteMetrics().recordsWritten());
          }
        };
    spark.conf().set("spark.sql.adaptive.enabled", "true");
    spark.sparkContext().addSparkListener(listener);
    try {
      Dataset<Row> adaptive = new Diversity(SETTINGS).measure(mix);
      assertThat(adaptive.count()).isEqualTo(exact.size());
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      spark.conf().set("spark.sql.adaptive.enabled", "false");
    }
    // The parts (a row per group and distinct word of each task) are the largest shuffle.
    long parts = written.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(parts).isGreaterThan(exact.size());
    assertThat(written.stream().filter(w -> w == parts)).as("stages writing the parts, of %s", written)
        .hasSize(1);
  }
}
