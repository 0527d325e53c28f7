package dev.synthmix.pipeline.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.audit.Audit;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.GateVerdictsTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenLineage events as the client's own model reads them back, from the file and HTTP transports. */
class OpenLineageEmitterTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static LineageSettings settings(String hocon) {
    return LineageSettings.from(SettingsLoader.load(SettingsLoader.parse(hocon)));
  }

  static RunLedger ledger(String runId, String command) {
    return new RunLedger(RunContext.start(command, Optional.of(runId), Optional.of(LocalDate.parse("2026-03-01")),
        "abc123", "h1"));
  }

  static List<RunEvent> events(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
        .map(OpenLineageClientUtils::runEventFromJson).toList();
  }

  /** An audit-like run: reads the two document tables, writes run_metrics and gate_verdicts (one gate fails). */
  static void auditRun(DeltaStore store, RunLedger ledger) {
    ledger.input("docs_real", 3);
    ledger.input("docs_synthetic", 7);
    var metrics = SPARK.spark().createDataFrame(List.of(
        RowFactory.create("dup.leakage_rate", 0.02, "dup", "a", "markov", 1, "synthetic"),
        RowFactory.create("dup.leakage_rate", 0.00, "dup", "b", "markov", 1, "synthetic"),
        RowFactory.create("coverage.synthetic_share", 0.4, "coverage", "a", "*", null, null)), RunMetricsTable.SCHEMA);
    DatedOutputs.write(store, Audit.RUN_METRICS, metrics, ledger, "metrics");
    StructType verdictSchema = new StructType()
        .add(GateVerdictsTable.GATE, DataTypes.StringType).add(GateVerdictsTable.METRIC, DataTypes.StringType)
        .add(GateVerdictsTable.COMPARATOR, DataTypes.StringType).add(GateVerdictsTable.THRESHOLD, DataTypes.DoubleType)
        .add(GateVerdictsTable.PASSED, DataTypes.BooleanType).add(GateVerdictsTable.SEVERITY, DataTypes.StringType);
    var verdicts = SPARK.spark().createDataFrame(List.of(
        RowFactory.create("max-leakage-rate", "dup.leakage_rate", "<=", 0.01, false, "fail"),
        RowFactory.create("max-synthetic-share", "coverage.synthetic_share", "<=", 0.5, true, "fail")), verdictSchema);
    DatedOutputs.write(store, GateVerdictsTable.TABLE, verdicts, ledger, "verdicts");
  }

  @Test
  void fileTransportWritesStartThenCompleteWithVersionsMetricsAndFailedAssertions() throws Exception {
    Path events = tmp.resolve("complete/events.jsonl");
    DeltaStore store = new DeltaStore(SPARK.spark(), CommonSettings.toUri(tmp.resolve("wh1").toString()));
    var s = settings("synthmix.openlineage { enabled = true, transport = file, file-path = \"" + events + "\" }");
    RunLedger ledger = ledger("audit-1", "audit");
    try (RunLineage lineage = RunLineage.start(s, store.root(), ledger)) {
      assertThat(events(events)).as("START is written when the run starts").hasSize(1);
      auditRun(store, ledger);
      lineage.completed(store);
      lineage.failed("ignored: the run already ended", null);
    }

    List<RunEvent> parsed = events(events);
    assertThat(parsed).extracting(RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
    assertThat(parsed.get(0).getRun().getRunId()).isEqualTo(parsed.get(1).getRun().getRunId());
    RunEvent complete = parsed.get(1);
    assertThat(complete.getJob().getNamespace()).isEqualTo("synthmix");
    assertThat(complete.getJob().getName()).isEqualTo("audit");
    assertThat(complete.getRun().getFacets().getTags().getTags())
        .anySatisfy(t -> assertThat(t.getKey() + "=" + t.getValue()).isEqualTo("synthmix.run_id=audit-1"));

    assertThat(complete.getInputs()).extracting(d -> d.getName() + "@" + d.getFacets().getVersion().getDatasetVersion())
        .containsExactly("docs_real@3", "docs_synthetic@7");
    assertThat(complete.getInputs()).allSatisfy(d -> assertThat(d.getNamespace()).isEqualTo(store.root()));
    assertThat(complete.getOutputs()).extracting(d -> d.getName() + "@" + d.getFacets().getVersion().getDatasetVersion())
        .containsExactly("gate_verdicts@" + ledger.outputVersions().get("gate_verdicts"),
            "run_metrics@" + ledger.outputVersions().get("run_metrics"));

    var real = complete.getInputs().get(0).getInputFacets();
    var leakage = real.getDataQualityMetrics().getColumnMetrics().getAdditionalProperties().get("dup.leakage_rate");
    assertThat(leakage.getCount()).as("rows of the metric").isEqualTo(2.0);
    assertThat(leakage.getMax()).isEqualTo(0.02);
    assertThat(leakage.getMin()).isEqualTo(0.0);
    assertThat(real.getDataQualityAssertions().getAssertions())
        .extracting(a -> a.getAssertion() + " -> " + a.getSuccess())
        .containsExactly("max-leakage-rate: dup.leakage_rate <= 0.01 (fail) -> false",
            "max-synthetic-share: coverage.synthetic_share <= 0.5 (fail) -> true");
  }

  @Test
  void aCrashEmitsFailWithTheMessageAndWhatWasWrittenSoFar() throws Exception {
    Path events = tmp.resolve("fail.jsonl");
    var s = settings("synthmix.openlineage { enabled = true, file-path = \"" + events + "\" }");
    RunLedger ledger = ledger("ingest-1", "ingest-real");
    try (RunLineage lineage = RunLineage.start(s, "file:/wh", ledger)) {
      ledger.output("docs_real", 4);
      lineage.failed("Cannot write table quarantine: disk full", new IllegalStateException("disk full"));
      lineage.completed(null);
    }
    List<RunEvent> parsed = events(events);
    assertThat(parsed).extracting(RunEvent::getEventType).containsExactly(EventType.START, EventType.FAIL);
    RunEvent fail = parsed.get(1);
    assertThat(fail.getRun().getFacets().getErrorMessage().getMessage()).isEqualTo("Cannot write table quarantine: disk full");
    assertThat(fail.getRun().getFacets().getErrorMessage().getStackTrace()).contains("IllegalStateException");
    assertThat(fail.getOutputs()).extracting(d -> d.getNamespace() + " " + d.getName() + "@"
        + d.getFacets().getVersion().getDatasetVersion()).containsExactly("file:/wh docs_real@4");
  }

  @Test
  void httpTransportPostsEachEventWithTheApiKey() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> auth = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/lineage", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.start();
    try {
      var s = settings("synthmix.openlineage { enabled = true, transport = http, http-url = \"http://127.0.0.1:"
          + server.getAddress().getPort() + "\", http-api-key = k-123, namespace = \"s3a://lake/wh\" }");
      RunLedger ledger = ledger("r-http", "dedup");
      try (RunLineage lineage = RunLineage.start(s, "file:/ignored", ledger)) {
        ledger.input("docs_real", 2);
        ledger.output("dup_pairs", 0);
        lineage.completed(null);
      }
    } finally {
      server.stop(0);
    }
    List<RunEvent> parsed = bodies.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
    assertThat(parsed).extracting(RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
    assertThat(parsed.get(1).getInputs()).extracting(d -> d.getNamespace() + " " + d.getName())
        .containsExactly("s3a://lake/wh docs_real");
    assertThat(auth).containsOnly("Bearer k-123");
  }

  @Test
  void anUnreachableEndpointIsLoggedAndTheRunGoesOn() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    var s = settings("synthmix.openlineage { enabled = true, transport = http, http-url = \"http://127.0.0.1:" + port + "\" }");
    RunLedger ledger = ledger("r-down", "dedup");
    try (RunLineage lineage = RunLineage.start(s, "file:/wh", ledger)) {
      lineage.completed(null);
    }
    assertThat(ledger.context().runId()).isEqualTo("r-down");
  }

  @Test
  void offByDefaultAndBadSettingsNameTheKey() {
    assertThat(settings("").enabled()).isFalse();
    assertThat(LineageEmitter.of(settings(""), "file:/wh")).isSameAs(LineageEmitter.NONE);
    assertThatThrownBy(() -> settings("synthmix.openlineage.transport = kafka"))
        .isInstanceOf(SynthmixException.class).hasMessageContaining("synthmix.openlineage.transport");
    assertThatThrownBy(() -> settings("synthmix.openlineage { enabled = true, transport = file }"))
        .isInstanceOf(SynthmixException.class).hasMessageContaining("synthmix.openlineage.file-path");
    assertThatThrownBy(() -> settings("synthmix.openlineage { enabled = true, transport = http, http-url = \"ftp://x\" }"))
        .isInstanceOf(SynthmixException.class).hasMessageContaining("synthmix.openlineage.http-url");
    Config masked = SettingsLoader.parse("synthmix.openlineage.http-api-key = very-secret-key");
    assertThat(SettingsLoader.renderMasked(SettingsLoader.load(masked))).doesNotContain("very-secret-key")
        .contains("http-api-key");
  }
}
