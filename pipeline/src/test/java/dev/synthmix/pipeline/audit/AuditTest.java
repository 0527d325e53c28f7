package dev.synthmix.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.gates.GateVerdict;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SmallWarehouse;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir static Path tmp;
  static DeltaStore store;
  static AuditSettings settings;

  @BeforeAll
  static void start() throws Exception {
    SPARK.start();
    // Seven documents: every group is below the default min-documents, so gate every row here.
    var config = SettingsLoader.load(SettingsLoader.parse("synthmix.gate-defaults.min-documents = 0"));
    settings = AuditSettings.from(config);
    IngestSettings ingest = IngestSettings.from(config);
    store = SmallWarehouse.build(SPARK.spark(), ingest, tmp);
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private static RunLedger ledgerFor(String date) {
    return new RunLedger(RunContext.start("audit", Optional.of("audit-" + date), Optional.of(LocalDate.parse(date)), "sha", "h"));
  }

  private static Map<String, GateVerdict> byName(AuditResult r) {
    return r.verdicts().stream().collect(Collectors.toMap(GateVerdict::name, v -> v));
  }

  @Test
  void auditWritesEveryTableForTheDateEvaluatesGatesAndIsIdempotentPerDate() {
    AuditResult first = Audit.run(store, settings, ledgerFor("2026-02-01"));

    assertThat(first.documents()).isEqualTo(7);
    assertThat(first.syntheticDocuments()).isEqualTo(3);
    Map<String, GateVerdict> v = byName(first);
    assertThat(v.get("no-synthetic-only-categories").passed()).as("category c exists only in synthetic").isFalse();
    assertThat(v.get("max-synthetic-share").passed()).as("c is 100% synthetic").isFalse();
    assertThat(v.get("max-synthetic-share").message()).contains("coverage.synthetic_share").contains("0.5");
    assertThat(v.get("lineage-present").passed()).isTrue();
    assertThat(v.get("max-leakage-rate").passed()).as("s1 is a copy of r1").isFalse();
    assertThat(store.read("dup_pairs").where("doc_id_a = 'real:r1' and doc_id_b = 's:s1' and kind = 'exact' and scope = 'synthetic-real'").count())
        .isEqualTo(1);
    Row leakage = store.read(Audit.RUN_METRICS).where("metric = 'dup.leakage_rate' and category = '*' and generator = '*'").first();
    assertThat(leakage.<Double>getAs("value")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    for (String t : List.of("dup_pairs", "dup_rates", Audit.COVERAGE, Audit.COVERAGE_SUMMARY, Audit.DIVERSITY, Audit.COLLAPSE, Audit.RUN_METRICS, Audit.GATE_VERDICTS)) {
      assertThat(store.read(t).where("run_date = DATE'2026-02-01' and run_id = 'audit-2026-02-01'").count()).as(t).isPositive();
    }
    // Every metric written is catalogued, with no tag set that the catalogue does not list for it.
    for (Row m : store.read(Audit.RUN_METRICS).collectAsList()) {
      String name = m.getAs("metric");
      var entry = dev.synthmix.pipeline.metrics.MetricCatalogue.find(name);
      assertThat(entry).as("catalogued: " + name).isPresent();
      assertThat(entry.get().scopes()).as("scope of " + name).contains((String) m.getAs("scope"));
      for (String tag : dev.synthmix.pipeline.schema.RunMetricsTable.TAGS) {
        if (!m.isNullAt(m.fieldIndex(tag))) {
          assertThat(entry.get().tags()).as(name + " sets " + tag).contains(tag);
        }
      }
    }
    Row lineage = store.read(Audit.RUN_METRICS).where("metric = 'lineage.present_share'").first();
    assertThat(lineage.<Double>getAs("value")).isEqualTo(1.0);

    assertThat(store.read("doc_features").count()).as("one feature row per distinct text: s1 copies r1").isEqualTo(6);
    List<Row> metricsBefore = store.read(Audit.RUN_METRICS).drop("run_id").collectAsList();
    RunLedger rerun = ledgerFor("2026-02-01");
    Audit.run(store, settings, rerun);
    assertThat(rerun.counts()).as("the rerun reads every text's features from doc_features")
        .containsEntry("features.texts", 6L).containsEntry("features.computed", 0L);
    assertThat(store.read(Audit.RUN_METRICS).drop("run_id").collectAsList())
        .as("rerunning a date replaces its slice: same rows, no duplicates").containsExactlyInAnyOrderElementsOf(metricsBefore);

    Audit.run(store, settings, ledgerFor("2026-02-02"));
    assertThat(store.read(Audit.RUN_METRICS).select("run_date").distinct().count()).isEqualTo(2);
    assertThat(store.read(Audit.RUN_METRICS).where("run_date = DATE'2026-02-02'").count()).isEqualTo(metricsBefore.size());
  }
}
