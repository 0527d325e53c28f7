package dev.synthmix.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.RunsTable;
import dev.synthmix.pipeline.testing.SmallWarehouse;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backfill audits the data of its date: day 1 rerun after day 2's ingest keeps day 1's metrics. */
class BackfillTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  static final LocalDate DAY_1 = LocalDate.of(2026, 2, 1);
  static final LocalDate DAY_2 = LocalDate.of(2026, 2, 2);

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private static RunLedger ledgerFor(LocalDate date) {
    return new RunLedger(RunContext.start("nightly", Optional.of("nightly-" + date), Optional.of(date), "sha", "h"));
  }

  private static List<Row> metricsOf(DeltaStore store, LocalDate date) {
    return store.read(Audit.RUN_METRICS).where("run_date = DATE'" + date + "'").drop("run_id").collectAsList();
  }

  @Test
  void rerunningDayOneAfterDayTwosIngestAuditsDayOnesVersions() throws Exception {
    var config = SettingsLoader.load(SettingsLoader.parse("synthmix.gate-defaults.min-documents = 0"));
    AuditSettings settings = AuditSettings.from(config);
    IngestSettings ingest = IngestSettings.from(config);
    DeltaStore store = SmallWarehouse.build(SPARK.spark(), ingest, Files.createDirectories(tmp.resolve("ledger")));

    // Day 1: audit and record the run, as Main does.
    RunLedger day1 = ledgerFor(DAY_1);
    AuditResult first = Audit.run(store, settings, day1, AuditInputs.latest());
    RunsTable.record(store, day1, "gate-failed", 1, "day 1");
    Instant endOfDay1Data = Instant.now();
    List<Row> day1Metrics = metricsOf(store, DAY_1);
    Thread.sleep(20); // day 2's commits get later timestamps than endOfDay1Data

    // Day 2: more real documents arrive.
    Path more = tmp.resolve("more.jsonl");
    Files.writeString(more, String.join("\n",
        "{\"id\":\"m1\",\"text\":\"the harbour fills with ships from every nation\",\"category\":\"b\"}",
        "{\"id\":\"m2\",\"text\":\"the mills turn and the farms are planted early\",\"category\":\"b\"}") + "\n");
    RealIngest.run(store, ingest, List.of(SourceSpec.of("more", Format.JSONL, List.of(more.toString()))), TestRuns.ledger("m"));

    // The ledger knows day 1's versions: the rerun audits those, not the latest.
    AuditInputs asOf = AuditInputs.asOf(store, DAY_1);
    assertThat(asOf.source()).isEqualTo("versions recorded by run nightly-" + DAY_1);
    assertThat(asOf.real()).contains(day1.inputVersions().get(Documents.REAL_TABLE));
    AuditResult rerun = Audit.run(store, settings, ledgerFor(DAY_1), asOf);
    assertThat(rerun.documents()).isEqualTo(first.documents()).isEqualTo(7);
    assertThat(metricsOf(store, DAY_1)).as("day 1's metrics unchanged by the rerun")
        .containsExactlyInAnyOrderElementsOf(day1Metrics);

    // By commit time, the versions before day 2's ingest are the same ones.
    AuditInputs byTime = AuditInputs.atInstant(store, endOfDay1Data, "test");
    assertThat(byTime.real()).isEqualTo(asOf.real());
    assertThat(byTime.synthetic()).isEqualTo(asOf.synthetic());

    // What a rerun did before: the latest versions, with day 2's documents in day 1's slice.
    AuditResult latest = Audit.run(store, settings, ledgerFor(DAY_2), AuditInputs.latest());
    assertThat(latest.documents()).as("the latest tables differ, so the pinned rerun could have failed").isEqualTo(9);
    assertThat(metricsOf(store, DAY_2)).isNotEqualTo(day1Metrics);
    System.out.printf("backfill: day 1 audited %d documents (%d metric rows); after day 2's ingest (+2 documents) the rerun"
        + " of day 1 read docs_real v%d (%s): %d documents, %d metric rows unchanged; the latest tables hold %d%n",
        first.documents(), day1Metrics.size(), asOf.real().orElseThrow(), asOf.source(), rerun.documents(),
        metricsOf(store, DAY_1).size(), latest.documents());
  }

  /**
   * One warehouse for the two tests that add no documents and record no runs: neither changes
   * what the other reads (versions by commit time; the latest date in run_metrics).
   */
  private static DeltaStore unchanged;

  private static synchronized DeltaStore unchangedWarehouse() throws Exception {
    if (unchanged == null) {
      unchanged = SmallWarehouse.build(SPARK.spark(), IngestSettings.from(SettingsLoader.load(SettingsLoader.parse(""))),
          Files.createDirectories(tmp.resolve("unchanged")));
    }
    return unchanged;
  }

  @Test
  void withoutALedgerRowTheDateIsReadByCommitTimeAndADateBeforeAnyDataIsRefused() throws Exception {
    DeltaStore store = unchangedWarehouse();
    long real = store.version(Documents.REAL_TABLE).orElseThrow();
    AuditInputs today = AuditInputs.asOf(store, LocalDate.now(java.time.ZoneOffset.UTC));
    assertThat(today.source()).startsWith("versions committed before the end of");
    assertThat(today.real()).contains(real);
    assertThat(today.synthetic()).isPresent();

    assertThatThrownBy(() -> AuditInputs.asOf(store, LocalDate.of(2020, 1, 1)))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("docs_real had no version committed before then")
        .extracting(e -> ((SynthmixException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aDateBeforeTodayOrBeforeTheLatestAuditedDateIsABackfill() throws Exception {
    DeltaStore store = unchangedWarehouse();
    assertThat(AuditInputs.isBackfill(store, DAY_1, DAY_2)).as("before today").isTrue();
    assertThat(AuditInputs.isBackfill(store, DAY_2, DAY_2)).as("today, nothing audited").isFalse();
    // What an audit of DAY_2 leaves in run_metrics (the whole audit writing it: AuditTest).
    DatedOutputs.write(store, Audit.RUN_METRICS, SPARK.spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
        MetricCatalogue.ANOMALY_COUNT, 0.0, MetricCatalogue.SCOPE_ANOMALY, "*", "*", null, "*")), RunMetricsTable.SCHEMA),
        ledgerFor(DAY_2), "run metrics");
    assertThat(AuditInputs.isBackfill(store, DAY_1, DAY_1)).as("before the latest audited date").isTrue();
    assertThat(AuditInputs.isBackfill(store, DAY_2, DAY_2)).as("rerunning the latest date").isFalse();
  }

  /** The ledger the backfill reads keeps every attempt of a run id (and migrates an older table). */
  @Test
  void aRetryOfARunIdAddsAnAttemptAndKeepsTheEarlierOne() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("runs").toUri().toString().replaceFirst("^file:///", "file:/"));
    // A runs table from before attempts were kept: no attempt column, one row of the run id.
    var old = new org.apache.spark.sql.types.StructType(java.util.Arrays.copyOf(
        dev.synthmix.pipeline.schema.Runs.SCHEMA.fields(), dev.synthmix.pipeline.schema.Runs.SCHEMA.fields().length - 1));
    RunLedger first = ledgerFor(DAY_1);
    store.create(dev.synthmix.pipeline.schema.Runs.TABLE, old, java.util.Map.of(), first);
    store.append(dev.synthmix.pipeline.schema.Runs.TABLE, SPARK.spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
        "nightly-" + DAY_1, "nightly", java.sql.Date.valueOf(DAY_1), new java.sql.Timestamp(0), new java.sql.Timestamp(1), "failed", 4,
        "executor lost", null, null, null, null, null, null)), old), first, java.util.Map.of());

    assertThat(RunsTable.record(store, ledgerFor(DAY_1), "gate-failed", 1, "gate failed")).isEqualTo(2);
    assertThat(RunsTable.record(store, ledgerFor(DAY_1), "ok", 0, "retried")).isEqualTo(3);
    assertThat(RunsTable.record(store, ledgerFor(DAY_2), "ok", 0, "next day")).isEqualTo(1);

    List<Row> attempts = store.read(dev.synthmix.pipeline.schema.Runs.TABLE).where("run_id = 'nightly-" + DAY_1 + "'")
        .orderBy("ended_at").select("attempt", "status", "exit_code").collectAsList();
    assertThat(attempts).extracting(Row::toString)
        .containsExactly("[null,failed,4]", "[2,gate-failed,1]", "[3,ok,0]");
  }
}
