package dev.synthmix.pipeline.diversity;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import dev.synthmix.pipeline.text.Tokenizer;
import static dev.synthmix.pipeline.testing.Rows.lng;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A constructed collapse: real category X has no repeated word; generator g's depth 1, 2, 3 repeat
 * more and more (distinct-1 of 10/12, 6/12, 2/12). Real category Y, which g never wrote, is all
 * repetition and must not enter g's real reference.
 */
class CollapseTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final double EPS = 1e-9;

  static Dataset<Row> collapse;

  @BeforeAll
  static void start() {
    SPARK.start();
    Dataset<Row> mix =
        new MixBuilder()
            .real("r1", "X", "a b c d e f")
            .real("r2", "X", "g h i j k l")
            .real("r3", "Y", "z z z z z z")
            .synthetic("d1a", "g", 1, "X", "a b c d e a")
            .synthetic("d1b", "g", 1, "X", "g h i j k g")
            .synthetic("d2a", "g", 2, "X", "a b c a b c")
            .synthetic("d2b", "g", 2, "X", "g h i g h i")
            .synthetic("d3a", "g", 3, "X", "a a a a a a")
            .synthetic("d3b", "g", 3, "X", "g g g g g g")
            .synthetic("flat", "h", 1, "X", "a b c d e f")
            .build(SPARK.spark());
    collapse = new Collapse(new DiversitySettings(6, 0.01, 1, 200, 16, Tokenizer.ICU)).indicators(mix).cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Row row(String generator, int depth, String metric) {
    return one(
        collapse,
        col(CollapseTable.GENERATOR)
            .equalTo(generator)
            .and(col(CollapseTable.DEPTH).equalTo(depth))
            .and(col(CollapseTable.METRIC).equalTo(metric)));
  }

  @Test
  void oneRowPerLineageDepthAndMetric() {
    assertThat(collapse.count())
        .isEqualTo(4L * (Collapse.METRICS.size() + Collapse.EQUAL_SIZE_METRICS.size()));
    assertThat(collapse.schema().fieldNames()).containsExactly(CollapseTable.SCHEMA.fieldNames());
  }

  @Test
  void aMixWithoutSyntheticDocumentsHasNoIndicatorsButTheTableShape() {
    Dataset<Row> realOnly = new MixBuilder().real("r1", "X", "a b c d e f").real("r2", "Y", "z z z")
        .build(SPARK.spark());
    Dataset<Row> none = new Collapse(new DiversitySettings(6, 0.01, 1, 200, 16, Tokenizer.ICU)).indicators(realOnly);
    assertThat(none.count()).isZero();
    assertThat(none.schema()).isEqualTo(CollapseTable.SCHEMA);
  }

  @Test
  void ratiosAgainstRealOfTheSameCategories() {
    Row depth1 = row("g", 1, DiversityTable.DISTINCT_1);
    assertThat(dbl(depth1, CollapseTable.REAL_VALUE))
        .as("X alone; with Y it would be 13/18")
        .isCloseTo(1.0, within(EPS));
    assertThat(dbl(depth1, CollapseTable.SYNTHETIC_VALUE)).isCloseTo(10.0 / 12, within(EPS));
    assertThat(dbl(depth1, CollapseTable.RATIO)).isCloseTo(10.0 / 12, within(EPS));
    assertThat(dbl(row("g", 2, DiversityTable.DISTINCT_1), CollapseTable.RATIO))
        .isCloseTo(0.5, within(EPS));
    assertThat(dbl(row("g", 3, DiversityTable.DISTINCT_1), CollapseTable.RATIO))
        .isCloseTo(2.0 / 12, within(EPS));
  }

  @Test
  void slopeIsNegativeWhenDiversityShrinksWithDepth() {
    // Ratios 10/12, 6/12, 2/12 over depths 1, 2, 3: a straight line falling 4/12 per depth.
    for (int depth = 1; depth <= 3; depth++) {
      Row r = row("g", depth, DiversityTable.DISTINCT_1);
      assertThat(dbl(r, CollapseTable.RATIO_SLOPE)).isCloseTo(-4.0 / 12, within(EPS));
      assertThat(lng(r, CollapseTable.DEPTHS)).isEqualTo(3);
    }
    assertThat(dbl(row("g", 1, DiversityTable.TTR_SAMPLE), CollapseTable.RATIO_SLOPE)).isNegative();
    assertThat(dbl(row("g", 1, DiversityTable.ENTROPY_BITS), CollapseTable.RATIO_SLOPE))
        .isNegative();
    // Mean length does not change with depth.
    assertThat(dbl(row("g", 1, DiversityTable.MEAN_DOC_TOKENS), CollapseTable.RATIO_SLOPE))
        .isCloseTo(0.0, within(EPS));
  }

  @Test
  void aSingleDepthHasARatioButNoSlope() {
    Row flat = row("h", 1, DiversityTable.DISTINCT_1);
    assertThat(dbl(flat, CollapseTable.RATIO)).isCloseTo(1.0, within(EPS));
    assertThat(dbl(flat, CollapseTable.RATIO_SLOPE)).isNull();
    assertThat(lng(flat, CollapseTable.DEPTHS)).isEqualTo(1);
  }
}
