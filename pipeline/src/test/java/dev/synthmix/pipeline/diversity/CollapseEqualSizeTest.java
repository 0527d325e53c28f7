package dev.synthmix.pipeline.diversity;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import dev.synthmix.pipeline.text.Tokenizer;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A synthetic set that is a small random draw from the same corpus as real (1 passage in 160 as
 * the set, 1 in 16 as real): it is no more diverse than real, and the collapse table must say so
 * at equal size, although its raw distinct-n is higher (fewer documents, fewer repeats).
 */
class CollapseEqualSizeTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final DiversitySettings SETTINGS = new DiversitySettings(1000, 0.01, 2, 200, 16, Tokenizer.ICU);

  static Dataset<Row> mix;
  static Dataset<Row> collapse;

  @BeforeAll
  static void start() {
    SPARK.start();
    String corpus =
        Objects.requireNonNull(CollapseEqualSizeTest.class.getResource("/corpus/sotu.jsonl.bz2"))
            .getPath();
    Dataset<Row> passages =
        SPARK.spark().read().schema("id STRING, text STRING, category STRING").json(corpus);
    Dataset<Row> real =
        CorpusAuditTest.real(passages.where(pmod(crc32(col("id")), lit(16)).equalTo(0)));
    Dataset<Row> same =
        CorpusAuditTest.real(passages.where(pmod(crc32(col("id")), lit(160)).equalTo(1)))
            .withColumn(TrainingMix.ORIGIN, lit(TrainingMix.ORIGIN_SYNTHETIC))
            .withColumn(TrainingMix.GENERATOR, lit("same"))
            .withColumn(TrainingMix.DEPTH, lit(1));
    mix = real.unionByName(same).cache();
    collapse = new Collapse(SETTINGS).indicators(mix).cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static double ratio(String metric) {
    return dbl(
        one(
            collapse,
            col(CollapseTable.GENERATOR)
                .equalTo("same")
                .and(col(CollapseTable.DEPTH).equalTo(1))
                .and(col(CollapseTable.METRIC).equalTo(metric))),
        CollapseTable.RATIO);
  }

  @Test
  void aSmallDrawFromRealLooksMoreDiverseOnlyWithoutEqualSize() {
    assertThat(ratio(DiversityTable.DISTINCT_2))
        .as("raw: fewer documents, fewer repeats")
        .isGreaterThan(1.1);
    for (String metric : Collapse.EQUAL_SIZE_METRICS) {
      double atEqualSize = ratio(metric + Collapse.EQUAL_SIZE);
      assertThat(atEqualSize).as("%s at equal size: not more diverse", metric).isLessThan(1.05);
      if (!metric.equals(DiversityTable.RARE_NGRAM_SURVIVAL)) {
        // Rare real words are rare in real by definition, so real documents hold more of them
        // than any other draw; the size-driven metrics agree within sampling noise.
        assertThat(atEqualSize).as("%s at equal size: as diverse", metric).isGreaterThan(0.9);
      }
    }
  }

  @Test
  void equalSizeDrawsAsManyRealDocumentsAsTheSetHas() {
    Dataset<Row> sized = Collapse.equalSizeMix(mix).cache();
    long set = mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC)).count();
    long realAll = mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL)).count();
    assertThat(set).isBetween(50L, realAll / 5);
    assertThat(sized.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC)).count())
        .as("the smaller side whole")
        .isEqualTo(set);
    assertThat(sized.where(col(TrainingMix.ORIGIN).equalTo(Collapse.ORIGIN_REFERENCE)).count())
        .as("the larger side drawn to its size")
        .isEqualTo(set);
    assertThat(sized.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL)).count())
        .as("all real documents stay as the reference of rare words and novelty")
        .isEqualTo(realAll);
    // The draw is fixed: the same documents every time.
    assertThat(Collapse.equalSizeMix(mix).where(col(TrainingMix.ORIGIN).equalTo(Collapse.ORIGIN_REFERENCE))
            .select(TrainingMix.DOC_ID).orderBy(TrainingMix.DOC_ID).collectAsList())
        .isEqualTo(sized.where(col(TrainingMix.ORIGIN).equalTo(Collapse.ORIGIN_REFERENCE))
            .select(TrainingMix.DOC_ID).orderBy(TrainingMix.DOC_ID).collectAsList());
  }
}
