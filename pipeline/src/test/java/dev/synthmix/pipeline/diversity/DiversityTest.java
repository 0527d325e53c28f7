package dev.synthmix.pipeline.diversity;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import dev.synthmix.pipeline.text.Tokenizer;
import static dev.synthmix.pipeline.testing.Rows.lng;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Diversity on four documents small enough to count by hand:
 *
 * <pre>
 *   r1 real X      a b a b
 *   r2 real Y      c a b
 *   s1 g1 depth 1 X a b c d
 *   s2 g2 depth 1 X "A, b! a"  (normalises to a b a)
 * </pre>
 *
 * Windows of 3 tokens; a category under 60% of real documents is rare (so X and Y both are); a real
 * unigram seen once is rare (only c).
 */
class DiversityTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final double EPS = 1e-9;
  static final DiversitySettings SETTINGS = new DiversitySettings(3, 0.6, 1, 200, 16, Tokenizer.ICU);

  static Dataset<Row> table;

  @BeforeAll
  static void start() {
    SPARK.start();
    Dataset<Row> mix =
        new MixBuilder()
            .real("r1", "X", "a b a b")
            .real("r2", "Y", "c a b")
            .synthetic("s1", "g1", 1, "X", "a b c d")
            .synthetic("s2", "g2", 1, "X", "A, b! a")
            .build(SPARK.spark());
    table = new Diversity(SETTINGS).measure(mix).cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Row real(String category) {
    return one(
        table,
        col(DiversityTable.ORIGIN)
            .equalTo(TrainingMix.ORIGIN_REAL)
            .and(col(DiversityTable.CATEGORY).equalTo(category)));
  }

  static Row synthetic(String generator, String category) {
    Column condition =
        col(DiversityTable.ORIGIN)
            .equalTo(TrainingMix.ORIGIN_SYNTHETIC)
            .and(col(DiversityTable.GENERATOR).equalTo(generator))
            .and(col(DiversityTable.DEPTH).equalTo(1))
            .and(col(DiversityTable.CATEGORY).equalTo(category));
    return one(table, condition);
  }

  @Test
  void oneRowPerGroupAndCategoryPlusAllCategories() {
    // real: X, Y, *; g1: X, *; g2: X, *
    assertThat(table.count()).isEqualTo(7);
    assertThat(table.schema().fieldNames()).containsExactly(DiversityTable.SCHEMA.fieldNames());
    assertThat(real("*").<String>getAs(DiversityTable.GENERATOR)).isNull();
    assertThat(real("*").<Integer>getAs(DiversityTable.DEPTH)).isZero();
  }

  @Test
  void distinctNOfOneCategory() {
    Row x = real("X"); // a b a b
    assertThat(lng(x, DiversityTable.DOCUMENTS)).isEqualTo(1);
    assertThat(lng(x, DiversityTable.TOKENS)).isEqualTo(4);
    assertThat(lng(x, DiversityTable.VOCABULARY)).isEqualTo(2);
    assertThat(dbl(x, DiversityTable.DISTINCT_1)).isCloseTo(0.5, within(EPS));
    assertThat(dbl(x, DiversityTable.DISTINCT_2)).as("ab ba ab").isCloseTo(2.0 / 3, within(EPS));
    assertThat(dbl(x, DiversityTable.DISTINCT_3)).as("aba bab").isCloseTo(1.0, within(EPS));
    assertThat(dbl(x, DiversityTable.ENTROPY_BITS))
        .as("a, b half each")
        .isCloseTo(1.0, within(EPS));
  }

  @Test
  void allCategoriesRowPoolsDocumentsWithoutCrossingThem() {
    Row all = real("*"); // a b a b | c a b
    assertThat(lng(all, DiversityTable.DOCUMENTS)).isEqualTo(2);
    assertThat(lng(all, DiversityTable.TOKENS)).isEqualTo(7);
    assertThat(lng(all, DiversityTable.VOCABULARY)).isEqualTo(3);
    assertThat(dbl(all, DiversityTable.DISTINCT_1)).isCloseTo(3.0 / 7, within(EPS));
    // ab ba ab + ca ab: 5 bigrams, 3 distinct; "b c" across the two documents must not count.
    assertThat(dbl(all, DiversityTable.DISTINCT_2)).isCloseTo(0.6, within(EPS));
    assertThat(dbl(all, DiversityTable.DISTINCT_3)).as("aba bab cab").isCloseTo(1.0, within(EPS));
    // counts a 3, b 3, c 1 of 7
    double expected = -(2 * (3.0 / 7) * log2(3.0 / 7) + (1.0 / 7) * log2(1.0 / 7));
    assertThat(dbl(all, DiversityTable.ENTROPY_BITS)).isCloseTo(expected, within(EPS));
    assertThat(dbl(all, DiversityTable.MEAN_DOC_TOKENS)).isCloseTo(3.5, within(EPS));
    assertThat(dbl(all, DiversityTable.P50_DOC_TOKENS)).isCloseTo(3.5, within(EPS));
    assertThat(dbl(all, DiversityTable.P90_DOC_TOKENS))
        .as("3 + 0.9 · (4 − 3)")
        .isCloseTo(3.9, within(EPS));
  }

  @Test
  void windowedTypeTokenRatio() {
    // Stream in doc-id-hash order; either order of r1, r2 gives two complete windows, one with
    // 2 types of 3 ([a b a]) and one with 3 of 3 ([b c a] or [c a b]).
    Row all = real("*");
    assertThat(lng(all, DiversityTable.SAMPLE_WINDOWS)).isEqualTo(2);
    assertThat(dbl(all, DiversityTable.TTR_SAMPLE)).isCloseTo((2.0 / 3 + 1.0) / 2, within(EPS));
    // r1's window: ab ba ab (2 of 3); the other: ca ab (2 of 2), b having no successor.
    assertThat(dbl(all, DiversityTable.DISTINCT_2_SAMPLE))
        .isCloseTo((2.0 / 3 + 1.0) / 2, within(EPS));
    assertThat(dbl(synthetic("g2", "X"), DiversityTable.TTR_SAMPLE))
        .isCloseTo(2.0 / 3, within(EPS));
    assertThat(dbl(synthetic("g1", "X"), DiversityTable.TTR_SAMPLE)).isCloseTo(1.0, within(EPS));
  }

  @Test
  void tooShortForOneWindowHasNoSampleRatio() {
    Dataset<Row> mix = new MixBuilder().real("r", "X", "a b").build(SPARK.spark());
    Row row = one(new Diversity(SETTINGS).measure(mix), col(DiversityTable.CATEGORY).equalTo("*"));
    assertThat(dbl(row, DiversityTable.TTR_SAMPLE)).isNull();
    assertThat(lng(row, DiversityTable.SAMPLE_WINDOWS)).isZero();
  }

  @Test
  void noveltyIsTheShareOfBigramsAbsentFromReal() {
    // Real bigrams: ab ba ca. g1: ab bc cd → 2 of 3 new. g2: ab ba → none new.
    assertThat(dbl(synthetic("g1", "X"), DiversityTable.NOVELTY_2)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(dbl(synthetic("g2", "X"), DiversityTable.NOVELTY_2)).isEqualTo(0.0);
    assertThat(dbl(real("*"), DiversityTable.NOVELTY_2)).isEqualTo(0.0);
    assertThat(dbl(synthetic("g1", "X"), DiversityTable.ENTROPY_BITS)).isCloseTo(2.0, within(EPS));
    // a 2, b 1 of 3
    double g2Entropy = -((2.0 / 3) * log2(2.0 / 3) + (1.0 / 3) * log2(1.0 / 3));
    assertThat(dbl(synthetic("g2", "X"), DiversityTable.ENTROPY_BITS))
        .isCloseTo(g2Entropy, within(EPS));
  }

  @Test
  void rareSurvival() {
    // Rare categories X and Y; each generator wrote only X.
    assertThat(dbl(synthetic("g1", "*"), DiversityTable.RARE_CATEGORY_SURVIVAL))
        .isCloseTo(0.5, within(EPS));
    assertThat(dbl(real("*"), DiversityTable.RARE_CATEGORY_SURVIVAL)).isEqualTo(1.0);
    assertThat(dbl(synthetic("g1", "X"), DiversityTable.RARE_CATEGORY_SURVIVAL))
        .as("only on * rows")
        .isNull();
    // The one rare real unigram is c: g1 kept it, g2 did not.
    assertThat(dbl(synthetic("g1", "*"), DiversityTable.RARE_NGRAM_SURVIVAL)).isEqualTo(1.0);
    assertThat(dbl(synthetic("g2", "*"), DiversityTable.RARE_NGRAM_SURVIVAL)).isEqualTo(0.0);
    // Real X has no rare unigram, so there is nothing to survive in X.
    assertThat(dbl(synthetic("g1", "X"), DiversityTable.RARE_NGRAM_SURVIVAL)).isNull();
    assertThat(dbl(real("Y"), DiversityTable.RARE_NGRAM_SURVIVAL)).isEqualTo(1.0);
  }

  @Test
  void commonCategoriesAreNotRare() {
    DiversitySettings defaults = DiversitySettings.fromConfig(ConfigFactory.load());
    assertThat(defaults.rareCategoryShare()).isEqualTo(0.01);
    Dataset<Row> mix =
        new MixBuilder()
            .real("r1", "X", "a")
            .real("r2", "Y", "b")
            .synthetic("s", "g", 1, "X", "a")
            .build(SPARK.spark());
    Row all =
        one(
            new Diversity(defaults).measure(mix),
            col(DiversityTable.ORIGIN)
                .equalTo(TrainingMix.ORIGIN_SYNTHETIC)
                .and(col(DiversityTable.CATEGORY).equalTo("*")));
    assertThat(dbl(all, DiversityTable.RARE_CATEGORY_SURVIVAL))
        .as("no rare category at all")
        .isNull();
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
