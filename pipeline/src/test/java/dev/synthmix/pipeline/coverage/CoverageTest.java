package dev.synthmix.pipeline.coverage;

import static dev.synthmix.pipeline.testing.Rows.dbl;
import static dev.synthmix.pipeline.testing.Rows.lng;
import static dev.synthmix.pipeline.testing.Rows.one;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.schema.CoverageSummaryTable;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coverage on a mix counted by hand. Real: A 4, B 4, C 2. Generator g1: A 2, B 6, D 2 (D is not
 * real). Generator g2: A 1.
 */
class CoverageTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final double EPS = 1e-12;

  static Coverage.Result result;

  @BeforeAll
  static void start() {
    SPARK.start();
    Dataset<Row> mix =
        new MixBuilder()
            .reals("A", 4)
            .reals("B", 4)
            .reals("C", 2)
            .synthetics("g1", "A", 2)
            .synthetics("g1", "B", 6)
            .synthetics("g1", "D", 2)
            .synthetics("g2", "A", 1)
            .build(SPARK.spark());
    result = new Coverage(new CoverageSettings(0.5)).measure(mix);
    result = new Coverage.Result(result.table().cache(), result.summary().cache());
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Row row(String category, String generator) {
    return one(
        result.table(),
        col(CoverageTable.CATEGORY)
            .equalTo(category)
            .and(col(CoverageTable.GENERATOR).equalTo(generator)));
  }

  @Test
  void hasOneRowPerRealOrCoveredCategoryAndGenerator() {
    // g1: A B C D; g2: A B C (D is neither real nor made by g2); *: A B C D.
    assertThat(result.table().count()).isEqualTo(11);
    assertThat(result.table().schema().fieldNames())
        .containsExactly(CoverageTable.SCHEMA.fieldNames());
  }

  @Test
  void countsSharesAndRatios() {
    Row a = row("A", "g1");
    assertThat(lng(a, CoverageTable.REAL_COUNT)).isEqualTo(4);
    assertThat(lng(a, CoverageTable.SYNTHETIC_COUNT)).isEqualTo(2);
    assertThat(dbl(a, CoverageTable.SYNTHETIC_SHARE)).isCloseTo(2.0 / 6, within(EPS));
    assertThat(dbl(a, CoverageTable.SYNTHETIC_REAL_RATIO)).isCloseTo(0.5, within(EPS));

    Row overallA = row("A", CoverageTable.ALL);
    assertThat(lng(overallA, CoverageTable.SYNTHETIC_COUNT)).as("g1 + g2 in A").isEqualTo(3);
    assertThat(dbl(overallA, CoverageTable.SYNTHETIC_SHARE)).isCloseTo(3.0 / 7, within(EPS));

    assertThat(dbl(row("D", "g1"), CoverageTable.SYNTHETIC_REAL_RATIO))
        .as("no real documents")
        .isNull();
    assertThat(dbl(row("D", "g1"), CoverageTable.SYNTHETIC_SHARE)).isEqualTo(1.0);
  }

  @Test
  void statuses() {
    assertThat(row("A", "g1").<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_OK);
    assertThat(row("B", "g1").<String>getAs(CoverageTable.STATUS))
        .as("6 of 10")
        .isEqualTo(CoverageTable.STATUS_OVER_FILLED);
    assertThat(row("C", "g1").<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_MISSING);
    assertThat(row("D", "g1").<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_SYNTHETIC_ONLY);
    assertThat(row("B", "g2").<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_MISSING);
    assertThat(row("D", CoverageTable.ALL).<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_SYNTHETIC_ONLY);
  }

  @Test
  void ceilingIsConfigurable() {
    Dataset<Row> mix = new MixBuilder().reals("B", 4).synthetics("g1", "B", 6).build(SPARK.spark());
    Dataset<Row> table = new Coverage(new CoverageSettings(0.7)).table(mix);
    assertThat(
            one(table, col(CoverageTable.GENERATOR).equalTo("g1"))
                .<String>getAs(CoverageTable.STATUS))
        .isEqualTo(CoverageTable.STATUS_OK);
  }

  @Test
  void summaryPerGenerator() {
    Row g1 = one(result.summary(), col(CoverageSummaryTable.GENERATOR).equalTo("g1"));
    assertThat(lng(g1, CoverageSummaryTable.REAL_CATEGORIES)).isEqualTo(3);
    assertThat(lng(g1, CoverageSummaryTable.COVERED_CATEGORIES)).isEqualTo(2);
    assertThat(lng(g1, CoverageSummaryTable.MISSING_CATEGORIES)).isEqualTo(1);
    assertThat(lng(g1, CoverageSummaryTable.SYNTHETIC_ONLY_CATEGORIES)).isEqualTo(1);
    assertThat(lng(g1, CoverageSummaryTable.OVER_FILLED_CATEGORIES)).isEqualTo(1);
    assertThat(dbl(g1, CoverageSummaryTable.CATEGORY_COVERAGE)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(dbl(g1, CoverageSummaryTable.CATEGORY_ADHERENCE))
        .as("8 of 10 in real categories")
        .isCloseTo(0.8, within(EPS));
    // p = (.4, .4, .2, 0) over A B C D, q = (.2, .6, 0, .2): ½ (.2 + .2 + .2 + .2) = .4
    assertThat(dbl(g1, CoverageSummaryTable.TV_DISTANCE)).isCloseTo(0.4, within(EPS));
    assertThat(dbl(g1, CoverageSummaryTable.SYNTHETIC_SHARE)).isCloseTo(0.5, within(EPS));

    Row g2 = one(result.summary(), col(CoverageSummaryTable.GENERATOR).equalTo("g2"));
    assertThat(dbl(g2, CoverageSummaryTable.CATEGORY_COVERAGE)).isCloseTo(1.0 / 3, within(EPS));
    assertThat(dbl(g2, CoverageSummaryTable.CATEGORY_ADHERENCE)).isEqualTo(1.0);
    // p = (.4, .4, .2), q = (1, 0, 0): ½ (.6 + .4 + .2) = .6
    assertThat(dbl(g2, CoverageSummaryTable.TV_DISTANCE)).isCloseTo(0.6, within(EPS));

    Row all = one(result.summary(), col(CoverageSummaryTable.GENERATOR).equalTo(CoverageTable.ALL));
    // In 110ths: p = (44, 44, 22, 0), q = (30, 60, 0, 20): ½ · 72/110.
    assertThat(dbl(all, CoverageSummaryTable.TV_DISTANCE)).isCloseTo(36.0 / 110, within(EPS));
    assertThat(dbl(all, CoverageSummaryTable.CATEGORY_ADHERENCE)).isCloseTo(9.0 / 11, within(EPS));
  }

  @Test
  void mixWithoutSyntheticRowsReportsEveryRealCategoryMissing() {
    Dataset<Row> mix = new MixBuilder().reals("A", 2).reals("B", 1).build(SPARK.spark());
    Coverage.Result onlyReal = new Coverage(new CoverageSettings(0.5)).measure(mix);
    List<Row> rows = onlyReal.table().collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.<String>getAs(CoverageTable.STATUS))
                    .isEqualTo(CoverageTable.STATUS_MISSING));
    Row summary = onlyReal.summary().first();
    assertThat(dbl(summary, CoverageSummaryTable.CATEGORY_COVERAGE)).isEqualTo(0.0);
    assertThat(dbl(summary, CoverageSummaryTable.TV_DISTANCE))
        .as("no synthetic distribution")
        .isNull();
    assertThat(dbl(summary, CoverageSummaryTable.CATEGORY_ADHERENCE)).isNull();
  }

  @Test
  void syntheticRowsWithoutGeneratorGetTheirOwnRow() {
    Dataset<Row> mix =
        new MixBuilder()
            .reals("A", 2)
            .synthetic("s", null, 1, "A", "no lineage")
            .build(SPARK.spark());
    Row unknown =
        one(
            new Coverage(new CoverageSettings(0.5)).table(mix),
            col(CoverageTable.GENERATOR).equalTo(CoverageTable.UNKNOWN_GENERATOR));
    assertThat(unknown.<String>getAs(CoverageTable.STATUS)).isEqualTo(CoverageTable.STATUS_OK);
    assertThat(lng(unknown, CoverageTable.REAL_COUNT)).isEqualTo(2);
  }

  @Test
  void settingsComeFromConfigAndAreValidated() {
    assertThat(CoverageSettings.fromConfig(ConfigFactory.load()).overFillCeiling()).isEqualTo(0.5);
    assertThatThrownBy(
            () ->
                CoverageSettings.fromConfig(
                    ConfigFactory.parseString("synthmix.coverage.over-fill-ceiling = 1.5")))
        .hasMessageContaining("Cannot read synthmix.coverage.over-fill-ceiling");
  }
}
