package dev.synthmix.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.audit.Audit;
import dev.synthmix.pipeline.audit.AuditSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SmallWarehouse;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report model loaded from a warehouse that the real audit wrote, on local Spark. */
class ReportLoaderTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final LocalDate SECOND = LocalDate.of(2026, 2, 2);

  @TempDir static Path tmp;
  static DeltaStore store;
  static ReportSettings settings;
  static RunLedger secondRun;

  @BeforeAll
  static void start() throws Exception {
    SPARK.start();
    // An evaluation set whose one item (9 words, re-punctuated) is the text of r1 and s1.
    Path eval = tmp.resolve("eval.jsonl");
    java.nio.file.Files.writeString(eval, "{\"id\": \"e1\", \"text\": \"The Union is strong, and the people are free!\"}\n");
    var config = SettingsLoader.load(SettingsLoader.parse(
        "synthmix.contamination.benchmarks = [ { name = eval, path = \"" + eval + "\" } ]"));
    settings = ReportSettings.from(config);
    store = SmallWarehouse.build(SPARK.spark(), IngestSettings.from(config), tmp);
    AuditSettings audit = AuditSettings.from(config);
    // One audited date keeps the test short; trends over dates are the renderer test's.
    secondRun = ledgerFor(SECOND);
    Audit.run(store, audit, secondRun);
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private static RunLedger ledgerFor(LocalDate date) {
    return new RunLedger(RunContext.start("audit", Optional.of("audit-" + date), Optional.of(date), "sha-1", "h"));
  }

  @Test
  void loadsTheContaminationOfTheDatePerLineageWithTheLongestMatchesFirst() {
    ReportModel m = new ReportLoader(store, settings).load(null, null);

    assertThat(m.contamination()).extracting(c -> c.origin() + "/" + c.generator() + ":" + c.itemsFound() + " of "
        + c.benchmarkItems() + " in " + c.documentsContaminated() + "/" + c.documentsChecked())
        .containsExactly("real/null:1 of 1 in 1/4", "synthetic/g:1 of 1 in 1/3");
    assertThat(m.contaminationMatches()).extracting(c -> c.docId() + " " + c.longestSpan())
        .containsExactlyInAnyOrder("real:r1 9", "s:s1 9");
    assertThat(m.contaminationMatches()).allMatch(c -> c.excerpt().equals("the union is strong and the people are free"));
  }

  @Test
  void loadsTheLatestDateWithNumbersFromTheTables() {
    ReportModel m = new ReportLoader(store, settings).load(null, null);

    assertThat(m.run().runDate()).isEqualTo(SECOND);
    assertThat(m.run().runId()).isEqualTo("audit-" + SECOND);
    Map<String, Row> coverage = store.read(Audit.COVERAGE).where("run_date = DATE'2026-02-02' and generator = '*'")
        .collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("category"), r -> r));
    assertThat(m.coverage()).extracting(CoverageRow::category).containsExactlyInAnyOrderElementsOf(coverage.keySet());
    for (CoverageRow c : m.coverage()) {
      assertThat(c.realCount()).as(c.category()).isEqualTo(coverage.get(c.category()).<Long>getAs("real_count"));
      assertThat(c.syntheticCount()).as(c.category()).isEqualTo(coverage.get(c.category()).<Long>getAs("synthetic_count"));
    }
    assertThat(m.coverage()).filteredOn(c -> c.category().equals("a")).singleElement()
        .satisfies(c -> assertThat(c.realCount()).isEqualTo(3)).satisfies(c -> assertThat(c.syntheticCount()).isEqualTo(2));
    assertThat(m.verdicts()).hasSize((int) store.read(Audit.GATE_VERDICTS).where("run_date = DATE'2026-02-02'").count())
        .isNotEmpty();
    assertThat(m.shareThreshold()).isEqualTo(0.5);
    assertThat(m.overallSyntheticShare()).isEqualTo(3.0 / 7);
    assertThat(DataCard.leakage(m)).as("s1 copies r1").isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.trends()).filteredOn(t -> t.series().equals("dup.leakage_rate")).singleElement()
        .satisfies(t -> assertThat(t.value()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(m.diversity()).anyMatch(p -> p.generator() == null && p.depth() == 0)
        .anyMatch(p -> "g".equals(p.generator()) && p.depth() == 1);

    assertThat(m.sets()).singleElement().satisfies(s -> {
      assertThat(s.setId()).isEqualTo("s");
      assertThat(s.generator()).isEqualTo("g");
      assertThat(s.model()).isEqualTo("m");
      assertThat(s.seedTable()).isEqualTo("docs_real");
      assertThat(s.depth()).isEqualTo(1);
      assertThat(s.documents()).isEqualTo(3);
    });
    assertThat(m.sources()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("real");
      assertThat(s.documents()).isEqualTo(4);
      assertThat(s.licence()).as("never guessed").isEqualTo("unknown");
    });
    assertThat(m.clusters()).isNotEmpty();
    assertThat(m.clusters().get(0).members()).anySatisfy(member -> {
      assertThat(member.docId()).isEqualTo("s:s1");
      assertThat(member.sample()).isEqualTo("the union is strong and the people are free");
    });
  }

  @Test
  void writesTheThreeFilesForTheDateAndReplacesThemOnRerun() throws Exception {
    Report.Written first = Report.write(store, settings, SECOND, null);
    Report.Written again = Report.write(store, settings, SECOND, null);

    Path folder = Path.of(java.net.URI.create(store.root().replaceFirst("^file:/", "file:///") + "/reports/" + SECOND));
    assertThat(again.files()).isEqualTo(first.files());
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(Report.HTML, Report.DATACARD_JSON, Report.DATACARD_MD);
    }
    JsonNode card = new ObjectMapper().readTree(folder.resolve(Report.DATACARD_JSON).toFile());
    assertThat(card.at("/prov:wasGeneratedBy/run_id").asText()).isEqualTo("audit-" + SECOND);
    assertThat(card.at("/generators/0/lineage/1").asText()).startsWith("docs_real@");
    assertThat(card.at("/synthetic_share/overall").asDouble()).isEqualTo(3.0 / 7);
  }

  @Test
  void theRunInProgressSuppliesCommandAndVersions() {
    ReportModel m = new ReportLoader(store, settings).load(SECOND, secondRun);
    assertThat(m.run().command()).isEqualTo("audit");
    assertThat(m.run().gitSha()).isEqualTo("sha-1");
    assertThat(m.run().inputVersions()).containsKeys("docs_real", "docs_synthetic");
  }

  @Test
  void aDateWithoutAuditOutputsIsAUsageErrorNamingWhatToRun() {
    assertThatThrownBy(() -> new ReportLoader(store, settings).load(LocalDate.of(2030, 1, 1), null))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("no audit outputs for 2030-01-01")
        .hasMessageContaining("audited dates: 2026-02-02")
        .hasMessageContaining("run audit, nightly or demo first")
        .satisfies(e -> assertThat(((SynthmixException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    DeltaStore empty = new DeltaStore(SPARK.spark(), tmp.resolve("empty").toUri().toString());
    assertThatThrownBy(() -> new ReportLoader(empty, settings).load(null, null))
        .isInstanceOf(SynthmixException.class).hasMessageContaining("no audit outputs for any date");
  }
}
