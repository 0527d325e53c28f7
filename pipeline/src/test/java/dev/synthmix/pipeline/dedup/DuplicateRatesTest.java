package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.text.Shingles;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dup_rates: member and redundant shares, and the per-set and per-depth rows. */
class DuplicateRatesTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @BeforeAll
  static void start() {
    SPARK.start();
    SPARK.spark().conf().set("spark.sql.codegen.wholeStage", "false");
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void twoIdenticalDocumentsAreOneRedundantOfTwoAndBothMembers() {
    Dataset<Row> mix =
        new DedupFixtures()
            .real("a", "c", "The same text, twice.")
            .real("b", "c", "the SAME   text twice")
            .build(SPARK.spark());
    Row overall = overall(NearDuplicates.find(mix, DedupSettings.defaults()).rates(), "real-real");
    assertThat(overall.<Long>getAs(DupRates.DOCS)).isEqualTo(2L);
    assertThat(overall.<Double>getAs(DupRates.EXACT_REDUNDANT_SHARE)).as("redundant").isEqualTo(0.5);
    assertThat(overall.<Double>getAs(DupRates.EXACT_RATE)).as("member").isEqualTo(1.0);
    assertThat(overall.<Double>getAs(DupRates.ANY_REDUNDANT_SHARE)).isEqualTo(0.5);
  }

  @Test
  void aThreeMemberNearChainAndASingletonAreTwoRedundantOfFour() {
    // 60 words = 56 shingles; one replaced word removes 5: J(a,b) = J(b,c) = 51/61 ≈ 0.84, while
    // a and c differ in two words: J(a,c) = 46/66 ≈ 0.70, below the threshold. One cluster only
    // through b, so "members - 1" needs the connected component, not direct neighbours.
    List<String> a = DedupFixtures.words(41, 60);
    String b = DedupFixtures.replaced(a, 1, 10);
    String c = DedupFixtures.replaced(List.of(b.split(" ")), 2, 45);
    assertThat(jaccard(String.join(" ", a), c)).isLessThan(0.8);
    assertThat(jaccard(String.join(" ", a), b)).isGreaterThan(0.8);
    assertThat(jaccard(b, c)).isGreaterThan(0.8);
    Dataset<Row> mix =
        new DedupFixtures()
            .real("a", "c", String.join(" ", a))
            .real("b", "c", b)
            .real("c", "c", c)
            .real("d", "c", String.join(" ", DedupFixtures.words(43, 60)))
            .build(SPARK.spark());
    Row overall = overall(NearDuplicates.find(mix, DedupSettings.defaults()).rates(), "real-real");
    assertThat(overall.<Long>getAs(DupRates.NEAR_REDUNDANT_DOCS)).isEqualTo(2L);
    assertThat(overall.<Double>getAs(DupRates.NEAR_REDUNDANT_SHARE)).isEqualTo(2.0 / 4);
    assertThat(overall.<Double>getAs(DupRates.EXACT_REDUNDANT_SHARE)).isEqualTo(0.0);
    assertThat(overall.<Double>getAs(DupRates.NEAR_RATE)).as("member share").isEqualTo(3.0 / 4);
  }

  @Test
  void aRemovedDocumentCountsOnceInTheScopeOfTheDocumentKept() {
    List<String> t1 = DedupFixtures.words(31, 60);
    List<String> t3 = DedupFixtures.words(33, 60);
    List<String> t5 = DedupFixtures.words(35, 60);
    Dataset<Row> mix =
        new DedupFixtures()
            .real("r1", "news", String.join(" ", t1))
            .real("r2", "news", String.join(" ", t1))
            .synthetic("s1", "news", "gen-a", String.join(" ", t1))
            .real("r3", "law", String.join(" ", t3))
            .synthetic("s2", "law", "gen-a", DedupFixtures.replaced(t3, 1, 30))
            .synthetic("s3", "news", "gen-a", String.join(" ", t5))
            .synthetic("s4", "news", "gen-a", String.join(" ", t5))
            .synthetic("s5", "news", "gen-b", DedupFixtures.replaced(t5, 2, 30))
            .real("r4", "law", String.join(" ", DedupFixtures.words(37, 60)))
            .build(SPARK.spark());
    Dataset<Row> rates = NearDuplicates.find(mix, DedupSettings.defaults()).rates();
    Map<String, String> redundant = new HashMap<>();
    for (String scope :
        List.of(
            DupPairs.SCOPE_REAL_REAL,
            DupPairs.SCOPE_SYNTHETIC_REAL,
            DupPairs.SCOPE_SYNTHETIC_SYNTHETIC,
            DupPairs.SCOPE_CROSS_GENERATOR)) {
      Row r = overall(rates, scope);
      redundant.put(
          scope,
          r.getAs(DupRates.DOCS)
              + " "
              + r.getAs(DupRates.EXACT_REDUNDANT_DOCS)
              + " "
              + r.getAs(DupRates.NEAR_REDUNDANT_DOCS));
    }
    // Kept: r1 (real first), r3, s3 (least id), r4. Removed: r2 (by r1), s1 (by r1), s2 (by r3),
    // s4 (by s3, same generator), s5 (by s3, other generator): 5 of 9, each in one scope.
    assertThat(redundant)
        .as("docs, exact redundant, near redundant per scope")
        .containsOnly(
            Map.entry("real-real", "4 1 0"),
            Map.entry("synthetic-real", "5 1 1"),
            Map.entry("synthetic-synthetic", "5 1 0"),
            Map.entry("cross-generator", "5 0 1"));
  }

  @Test
  void leakageCanBeReadPerSetAndPerDepth() {
    String r1 = String.join(" ", DedupFixtures.words(51, 40));
    String r2 = String.join(" ", DedupFixtures.words(52, 40));
    Dataset<Row> mix =
        new DedupFixtures()
            .real("r1", "c", r1)
            .real("r2", "c", r2)
            // Two sets of one generator at depth 1: one leaks a record, the other does not.
            .synthetic("a1", "c", "gen", "set-a", 1, r1)
            .synthetic("a2", "c", "gen", "set-a", 1, String.join(" ", DedupFixtures.words(53, 40)))
            .synthetic("b1", "c", "gen", "set-b", 1, String.join(" ", DedupFixtures.words(54, 40)))
            .synthetic("b2", "d", "gen", "set-b", 1, String.join(" ", DedupFixtures.words(55, 40)))
            // A depth-2 set whose only record is a real text again.
            .synthetic("c1", "c", "gen", "set-c", 2, r2)
            .build(SPARK.spark());
    Dataset<Row> leakage =
        NearDuplicates.find(mix, DedupSettings.defaults())
            .rates()
            .where(col(DupRates.SCOPE).equalTo(DupPairs.SCOPE_SYNTHETIC_REAL))
            .cache();
    Column allCategories = col(DupRates.CATEGORY).equalTo(DupRates.ALL);
    Map<String, Double> perSet = new HashMap<>();
    for (Row r :
        leakage
            .where(allCategories.and(col(DupRates.SET_ID).notEqual(DupRates.ALL)))
            .collectAsList()) {
      perSet.put(r.getAs(DupRates.SET_ID) + "@" + r.getAs(DupRates.DEPTH), r.getAs(DupRates.ANY_RATE));
    }
    assertThat(perSet).containsOnly(Map.entry("set-a@1", 0.5), Map.entry("set-b@1", 0.0),
        Map.entry("set-c@2", 1.0));

    Map<Integer, Double> perDepth = new HashMap<>();
    for (Row r :
        leakage
            .where(allCategories.and(col(DupRates.GENERATOR).equalTo(DupRates.ALL)))
            .collectAsList()) {
      perDepth.put(r.getAs(DupRates.DEPTH), r.getAs(DupRates.ANY_RATE));
    }
    Map<Integer, Double> expected = new HashMap<>();
    expected.put(1, 1.0 / 4);
    expected.put(2, 1.0);
    expected.put(null, 2.0 / 5);
    assertThat(perDepth).as("per depth, and overall (null depth)").isEqualTo(expected);

    // Metrics carry the depth tag; per-set rows stay in dup_rates (no set tag in run_metrics).
    Dataset<Row> metrics = DedupStage.metrics(leakage);
    Map<Integer, Double> leakageByDepth = new HashMap<>();
    for (Row r :
        metrics
            .where(col(RunMetricsTable.METRIC).equalTo(DedupStage.LEAKAGE_RATE))
            .where(col(RunMetricsTable.CATEGORY).equalTo(DupRates.ALL))
            .collectAsList()) {
      assertThat(leakageByDepth.put(r.getAs(RunMetricsTable.DEPTH), r.getAs(RunMetricsTable.VALUE)))
          .as("one series per depth")
          .isNull();
    }
    assertThat(leakageByDepth).isEqualTo(expected);
    assertThat(metrics.groupBy(RunMetricsTable.KEY.stream().map(Column::new).toArray(Column[]::new))
            .count().where(col("count").gt(1)).count())
        .as("no metric series with two values")
        .isZero();
  }

  @Test
  void metricsAreNamedByShare() {
    Dataset<Row> mix =
        new DedupFixtures()
            .real("a", "c", "The same text, twice.")
            .real("b", "c", "the same text twice")
            .build(SPARK.spark());
    Dataset<Row> metrics = DedupStage.metrics(NearDuplicates.find(mix, DedupSettings.defaults()).rates());
    Map<String, Double> overall = new HashMap<>();
    for (Row r :
        metrics.where(col(RunMetricsTable.CATEGORY).equalTo(DupRates.ALL)).collectAsList()) {
      overall.put(r.getAs(RunMetricsTable.METRIC), r.getAs(RunMetricsTable.VALUE));
    }
    assertThat(overall)
        .containsEntry(MetricCatalogue.DUP_EXACT_REDUNDANT_SHARE, 0.5)
        .containsEntry(MetricCatalogue.DUP_EXACT_MEMBER_SHARE, 1.0)
        .containsEntry(MetricCatalogue.DUP_ANY_REDUNDANT_SHARE, 0.5)
        .containsEntry(MetricCatalogue.DUP_NEAR_MEMBER_SHARE, 0.0)
        .doesNotContainKey("dup.exact_rate");
  }

  @Test
  void aDupRatesTableOfAnOlderReleaseGainsTheNewColumns(@TempDir Path tmp) {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.toUri().toString().replaceFirst("^file:///", "file:/"));
    Dataset<Row> mix =
        new DedupFixtures()
            .real("a", "c", "The same text, twice.")
            .real("b", "c", "the same text twice")
            .build(SPARK.spark());
    Dataset<Row> rates = NearDuplicates.find(mix, DedupSettings.defaults()).rates().cache();
    // The columns dup_rates had before set_id, depth and the redundant shares.
    Dataset<Row> old = rates.where(col(DupRates.DEPTH).isNull()).select(DupRates.SCOPE, DupRates.CATEGORY,
        DupRates.GENERATOR, DupRates.DOCS, DupRates.EXACT_DUP_DOCS, DupRates.NEAR_DUP_DOCS, DupRates.ANY_DUP_DOCS,
        DupRates.EXACT_RATE, DupRates.NEAR_RATE, DupRates.ANY_RATE);
    DatedOutputs.write(store, DedupStage.RATES, old, ledger("old", LocalDate.of(2026, 1, 1)), "rates");
    DatedOutputs.write(store, DedupStage.RATES, rates, ledger("new", LocalDate.of(2026, 1, 2)), "rates");
    Dataset<Row> table = store.read(DedupStage.RATES);
    assertThat(table.columns()).contains(DupRates.SET_ID, DupRates.EXACT_REDUNDANT_SHARE);
    assertThat(table.where(col(DatedOutputs.RUN_DATE).equalTo(lit(Date.valueOf("2026-01-01"))))
            .where(col(DupRates.EXACT_REDUNDANT_SHARE).isNull()).count())
        .as("older date kept, new columns null")
        .isEqualTo(old.count());
    assertThat(table.where(col(DupRates.EXACT_REDUNDANT_SHARE).equalTo(0.5)).count()).isPositive();
  }

  private static RunLedger ledger(String runId, LocalDate date) {
    return new RunLedger(RunContext.start("test", Optional.of(runId), Optional.of(date), "sha", "hash"));
  }

  /** The scope's overall row: all categories, generators, sets and depths. */
  private static Row overall(Dataset<Row> rates, String scope) {
    List<Row> rows =
        rates
            .where(col(DupRates.SCOPE).equalTo(scope))
            .where(col(DupRates.CATEGORY).equalTo(DupRates.ALL))
            .where(col(DupRates.GENERATOR).equalTo(DupRates.ALL))
            .where(col(DupRates.DEPTH).isNull())
            .collectAsList();
    assertThat(rows).as("one overall row of " + scope).hasSize(1);
    return rows.get(0);
  }

  private static double jaccard(String x, String y) {
    return Jaccard.of(Shingles.of(x, 5, Shingles.Kind.WORD), Shingles.of(y, 5, Shingles.Kind.WORD));
  }
}
