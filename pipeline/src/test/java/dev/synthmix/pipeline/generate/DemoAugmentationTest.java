package dev.synthmix.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.config.DemoSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo generators stamp the run date, not the clock: the same run regenerates the same rows. */
class DemoAugmentationTest {

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

  @Test
  void twoGenerationsWithTheSameSettingsAndRunGiveIdenticalRows() throws Exception {
    var config = SettingsLoader.load(SettingsLoader.parse(
        // Depths 2 and 3 too: their seed_version is the version that wrote the parent set, which a
        // rerun that changes nothing leaves as it was (before: the latest version, moved on by the rerun).
        "synthmix.demo { markov.depths = 3, perturb.fraction = 0.1, sentence-mix.fraction = 0.1 }"));
    IngestSettings ingest = IngestSettings.from(config);
    DemoSettings demo = DemoSettings.from(config);
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toUri().toString().replaceFirst("^file:///", "file:/"));
    String[] words = {"union", "people", "trade", "peace", "navy", "coast", "credit", "state", "farm", "mill"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add("{\"id\":\"r" + i + "\",\"category\":\"" + (i % 2 == 0 ? "a" : "b") + "\",\"text\":\"the " + words[i % 10]
          + " and the " + words[(i * 3) % 10] + " grow. the " + words[(i * 7) % 10] + " asks for " + words[(i + 1) % 10] + ".\"}");
    }
    Path real = tmp.resolve("real.jsonl");
    Files.write(real, lines);
    RealIngest.run(store, ingest, List.of(SourceSpec.of("real", Format.JSONL, List.of(real.toString()))), TestRuns.ledger("r"));

    LocalDate date = LocalDate.of(2026, 3, 1);
    DemoAugmentation.run(store, ingest, demo, ledger(date));
    long version = store.version(Documents.SYNTHETIC_TABLE).orElseThrow();
    List<Row> first = store.read(Documents.SYNTHETIC_TABLE).collectAsList();
    assertThat(first).isNotEmpty();
    assertThat(store.read(Documents.SYNTHETIC_TABLE).select("lineage.generated_at").distinct().collectAsList())
        .as("stamped with the run date").extracting(r -> r.getTimestamp(0).toInstant())
        .containsExactly(Instant.parse("2026-03-01T00:00:00Z"));

    Thread.sleep(5); // a later clock than the first generation's
    DemoAugmentation.run(store, ingest, demo, ledger(date));
    assertThat(store.read(Documents.SYNTHETIC_TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(first);
    assertThat(store.version(Documents.SYNTHETIC_TABLE)).as("nothing rewritten: no new version").contains(version);
  }

  private static RunLedger ledger(LocalDate date) {
    return new RunLedger(RunContext.start("demo", Optional.of("demo-fixed"), Optional.of(date), "sha", "h"));
  }
}
