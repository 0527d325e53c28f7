package dev.synthmix.pipeline.measure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.mix.MixCounts;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared scan against the per-measure scans it replaces. Real: A 3, B 2 (B in French). g1 at
 * depth 1: A 2, B 1; g1 at depth 2: A 1; a synthetic document without generator: C 1.
 */
class MixProfileTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  static Dataset<Row> mix;

  @BeforeAll
  static void start() {
    SPARK.start();
    mix = new MixBuilder()
        .reals("A", 3)
        .reals("B", 2)
        .synthetic("s1", "g1", 1, "A", "one")
        .synthetic("s2", "g1", 1, "A", "two")
        .synthetic("s3", "g1", 1, "B", "three")
        .synthetic("s4", "g1", 2, "A", "four")
        .synthetic("s5", null, 1, "C", "five")
        .build(SPARK.spark())
        .withColumn(TrainingMix.LANGUAGE, when(col(TrainingMix.CATEGORY).equalTo("B"), lit("fra")).otherwise(lit("eng")))
        .cache();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void countsDocumentsPerOriginGeneratorDepthAndCategory() {
    MixProfile profile = MixProfile.of(mix, MixSlice.CATEGORY);

    assertThat(profile.documents()).isEqualTo(10);
    assertThat(profile.syntheticDocuments()).isEqualTo(5);
    // The same rows as a group-by of the mix itself, a null generator kept as its own group.
    Dataset<Row> expected = MixCounts.of(mix).select(
        col(MixProfileTable.ORIGIN), col(MixProfileTable.GENERATOR), col(MixProfileTable.DEPTH),
        col(MixProfileTable.CATEGORY), col(MixProfileTable.DOCUMENTS));
    assertThat(profile.byCategory().collectAsList()).containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertThat(profile.byCategory().count()).isEqualTo(6);
    assertThat(profile.bySlice().collectAsList()).containsExactlyInAnyOrderElementsOf(expected.collectAsList());
  }

  @Test
  void slicedByLanguageTheCategoryColumnHoldsTheLanguageAndTheGatesStillSeeCategories() {
    MixProfile profile = MixProfile.of(mix, MixSlice.LANGUAGE);

    Dataset<Row> sliced = MixSlice.LANGUAGE.apply(mix);
    Dataset<Row> expected = MixCounts.of(sliced).select(
        col(MixProfileTable.ORIGIN), col(MixProfileTable.GENERATOR), col(MixProfileTable.DEPTH),
        col(MixProfileTable.CATEGORY), col(MixProfileTable.DOCUMENTS));
    assertThat(profile.bySlice().collectAsList()).containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    assertThat(profile.bySlice().where(col(MixProfileTable.CATEGORY).equalTo("fra")).count())
        .as("real B and g1's depth-1 B are French").isEqualTo(2);
    assertThat(profile.byCategory().where(col(MixProfileTable.CATEGORY).equalTo("B")).count()).isEqualTo(2);
  }

  @Test
  void coverageFromTheProfileEqualsCoverageFromTheDocuments() {
    Coverage coverage = new Coverage(new CoverageSettings(0.5));
    Coverage.Result fromProfile = coverage.fromProfile(MixProfile.of(mix, MixSlice.CATEGORY).bySlice());
    Coverage.Result fromMix = coverage.measure(mix);

    assertThat(fromProfile.table().count()).isPositive();
    SPARK.assertSameRows(fromMix.table(), fromProfile.table());
    SPARK.assertSameRows(fromMix.summary(), fromProfile.summary());
  }
}
