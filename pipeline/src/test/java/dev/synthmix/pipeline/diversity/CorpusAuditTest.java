package dev.synthmix.pipeline.diversity;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import dev.synthmix.pipeline.text.Tokenizer;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.metrics.MetricsLong;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit metrics on a slice of the embedded State of the Union corpus (1 passage in 48: 274
 * passages, 38k words) with a made-up generator "echo" whose depth-d texts repeat the first 60/d
 * words d times: same length, less diversity at every depth. It writes only Republican and
 * Democratic passages. (Collapse itself is specified on a hand-made series in {@link CollapseTest};
 * measuring it here as well doubled this class's run time.)
 */
class CorpusAuditTest {

  /** A real corpus, with Spark's and Delta's production settings (code generation on). */
  static final SparkTestSession SPARK = new SparkTestSession(true);
  static final DiversitySettings SETTINGS = new DiversitySettings(1000, 0.01, 2, 200, 16, Tokenizer.ICU);

  static Dataset<Row> mix;

  /** The diversity table of the mix in 5 partitions, shared by the tests. */
  static Dataset<Row> measured;

  @BeforeAll
  static void start() {
    SPARK.start();
    String corpus =
        Objects.requireNonNull(CorpusAuditTest.class.getResource("/corpus/sotu.jsonl.bz2"))
            .getPath();
    Dataset<Row> passages =
        SPARK
            .spark()
            .read()
            .schema("id STRING, text STRING, category STRING")
            .json(corpus)
            .where(pmod(crc32(col("id")), lit(48)).equalTo(0))
            .cache();
    Dataset<Row> real = real(passages);
    Dataset<Row> seeds =
        passages.where(
            col("category")
                .isin("Republican", "Democratic")
                .and(pmod(crc32(col("id")), lit(96)).equalTo(0)));
    Dataset<Row> synthetic = echo(seeds, 1).unionByName(echo(seeds, 2)).unionByName(echo(seeds, 3));
    mix = real.unionByName(synthetic).cache();
    measured = new Diversity(SETTINGS).measure(mix.repartition(5)).cache();
  }

  /** Passages (id, text, category) as real documents of the training mix. */
  static Dataset<Row> real(Dataset<Row> passages) {
    return passages.select(
            col("id").as(TrainingMix.DOC_ID),
            lit(TrainingMix.ORIGIN_REAL).as(TrainingMix.ORIGIN),
            col("category").as(TrainingMix.CATEGORY),
            col("text").as(TrainingMix.TEXT),
            lit("").as(TrainingMix.TEXT_HASH),
            lit("sotu").as(TrainingMix.SOURCE),
            lit(null).cast("string").as(TrainingMix.GENERATOR),
            lit(0).as(TrainingMix.DEPTH));
  }

  static Dataset<Row> echo(Dataset<Row> seeds, int depth) {
    Column words = slice(split(col("text"), " "), 1, 60 / depth);
    return seeds.select(
        concat(col("id"), lit("-echo-" + depth)).as(TrainingMix.DOC_ID),
        lit(TrainingMix.ORIGIN_SYNTHETIC).as(TrainingMix.ORIGIN),
        col("category").as(TrainingMix.CATEGORY),
        array_join(flatten(array_repeat(words, depth)), " ").as(TrainingMix.TEXT),
        lit("").as(TrainingMix.TEXT_HASH),
        lit("echo-set").as(TrainingMix.SOURCE),
        lit("echo").as(TrainingMix.GENERATOR),
        lit(depth).as(TrainingMix.DEPTH));
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void metricsDoNotDependOnPartitioning() {
    Diversity diversity = new Diversity(SETTINGS);
    Coverage coverage = new Coverage(new CoverageSettings(0.5));
    List<Row> one = longRows(diversity.measure(mix.repartition(1)), coverage, mix.repartition(1));
    List<Row> five = longRows(measured, coverage, mix.repartition(5));
    assertThat(one).hasSameSizeAs(five).hasSizeGreaterThan(100);
    for (int i = 0; i < one.size(); i++) {
      Row a = one.get(i);
      Row b = five.get(i);
      assertThat(b.getString(0)).isEqualTo(a.getString(0));
      // Sums of doubles may be added in another order; all else is exact.
      assertThat(b.getDouble(1))
          .as("%s", a)
          .isCloseTo(a.getDouble(1), within(1e-9 * Math.max(1.0, Math.abs(a.getDouble(1)))));
      for (int tag = 2; tag < a.length(); tag++) {
        assertThat(b.<Object>getAs(tag)).as("%s", a).isEqualTo(a.getAs(tag));
      }
    }
  }

  static List<Row> longRows(Dataset<Row> diversity, Coverage coverage, Dataset<Row> mix) {
    return MetricsLong.fromDiversity(diversity)
        .unionByName(MetricsLong.fromCoverage(coverage.measure(mix)))
        .orderBy(
            col(RunMetricsTable.METRIC),
            col(RunMetricsTable.SCOPE),
            col(RunMetricsTable.CATEGORY),
            col(RunMetricsTable.GENERATOR),
            col(RunMetricsTable.DEPTH),
            col(RunMetricsTable.ORIGIN))
        .collectAsList();
  }

  @Test
  void echoCoversTwoPartiesAndLosesTheRareOnes() {
    Dataset<Row> table = new Coverage(new CoverageSettings(0.5)).table(mix);
    Row federalist =
        one(
            table,
            col(CoverageTable.CATEGORY)
                .equalTo("Federalist")
                .and(col(CoverageTable.GENERATOR).equalTo("echo")));
    assertThat(federalist.<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_MISSING);
    Row republican =
        one(
            table,
            col(CoverageTable.CATEGORY)
                .equalTo("Republican")
                .and(col(CoverageTable.GENERATOR).equalTo("echo")));
    // Three depths of half the Republican passages: 1.5 synthetic per real, a share of 0.6.
    assertThat(republican.<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_OVER_FILLED);

    Row echoAll =
        one(
            measured,
            col(DiversityTable.GENERATOR)
                .equalTo("echo")
                .and(col(DiversityTable.DEPTH).equalTo(1))
                .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)));
    // Federalist (1 of 274 passages here) is under 1%: rare, and echo never writes it.
    assertThat(dbl(echoAll, DiversityTable.RARE_CATEGORY_SURVIVAL)).isEqualTo(0.0);
    // Depth 3 keeps 20 words of each seed instead of 60: fewer rare words survive.
    Row echoDeepest =
        one(
            measured,
            col(DiversityTable.GENERATOR)
                .equalTo("echo")
                .and(col(DiversityTable.DEPTH).equalTo(3))
                .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)));
    assertThat(dbl(echoAll, DiversityTable.RARE_NGRAM_SURVIVAL)).isStrictlyBetween(0.0, 1.0);
    assertThat(dbl(echoDeepest, DiversityTable.RARE_NGRAM_SURVIVAL))
        .isLessThan(dbl(echoAll, DiversityTable.RARE_NGRAM_SURVIVAL));
    // Echo copies real word sequences; only joints of repeats are new.
    assertThat(dbl(echoAll, DiversityTable.NOVELTY_2)).isLessThan(0.05);
    Row realAll =
        one(
            measured,
            col(DiversityTable.ORIGIN)
                .equalTo(TrainingMix.ORIGIN_REAL)
                .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)));
    assertThat(dbl(realAll, DiversityTable.ENTROPY_BITS)).isBetween(8.0, 12.0);
    assertThat(dbl(realAll, DiversityTable.TTR_SAMPLE)).isBetween(0.3, 0.7);
  }
}
