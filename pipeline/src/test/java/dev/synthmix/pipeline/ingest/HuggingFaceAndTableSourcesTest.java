package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.QuarantineTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources shaped like Hugging Face datasets (nested fields, chat messages, several text columns,
 * a constant category) in Parquet and JSONL, and catalog / Delta tables as sources at a version.
 */
class HuggingFaceAndTableSourcesTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));

  static final List<String> CHATS = List.of(
      "{\"id\":1,\"meta\":{\"source\":\"forum\"},\"messages\":[{\"role\":\"user\",\"content\":\"How do tides work?\"},"
          + "{\"role\":\"assistant\",\"content\":\"The moon pulls the sea.\"}]}",
      "{\"id\":2,\"meta\":{\"source\":\"mail\"},\"messages\":[{\"role\":\"user\",\"content\":\"Is it raining?\"}]}",
      "{\"id\":3,\"meta\":{\"source\":\"forum\"},\"messages\":[{\"role\":\"user\",\"content\":7}]}");

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private DeltaStore store(String name) {
    return new DeltaStore(SPARK.spark(), tmp.resolve(name).toUri().toString().replaceFirst("^file:///", "file:/"));
  }

  private static SourceSpec source(String name, Format format, String path, String id, String text, String category,
      Long version) {
    return new SourceSpec(name, format, List.of(path), id, text, category, List.of(), null, true, ",", "\n", version);
  }

  private static Map<String, String> texts(DeltaStore store) {
    return store.read(Documents.REAL_TABLE).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs(Documents.DOC_ID), r -> r.<String>getAs(Documents.TEXT)));
  }

  @Test
  void chatShapedParquetAndJsonlGiveTheSameDocumentsAndAWrongTypeIsQuarantined() throws Exception {
    Path jsonl = tmp.resolve("chats.jsonl");
    Files.write(jsonl, CHATS);
    Path parquet = tmp.resolve("chats-parquet");
    // Parquet cannot hold an int and a string in one column: the third row's content is a number there too.
    SPARK.spark().read().json(SPARK.spark().createDataset(CHATS.subList(0, 2), Encoders.STRING()))
        .write().parquet(parquet.toString());
    String text = "messages[].content";
    String category = "meta.source";

    DeltaStore a = store("wh-jsonl");
    IngestResult fromJsonl = RealIngest.run(a, SETTINGS,
        List.of(source("chats", Format.JSONL, jsonl.toString(), "id", text, category, null)), TestRuns.ledger("r1"));
    DeltaStore b = store("wh-parquet");
    RealIngest.run(b, SETTINGS,
        List.of(source("chats", Format.PARQUET, parquet.toString(), "id", text, category, null)), TestRuns.ledger("r1"));

    assertThat(fromJsonl.written()).isEqualTo(2);
    assertThat(fromJsonl.quarantined()).isEqualTo(1);
    Map<String, String> expected = Map.of(
        "chats:1", "How do tides work?\nThe moon pulls the sea.", "chats:2", "Is it raining?");
    assertThat(texts(a)).isEqualTo(expected);
    assertThat(texts(b)).as("Parquet reads the same mapping the same way").isEqualTo(expected);
    assertThat(a.read(Documents.REAL_TABLE).where(col(Documents.DOC_ID).equalTo("chats:1")).first()
        .<String>getAs(Documents.CATEGORY)).isEqualTo("forum");
    assertThat(a.read(QuarantineTable.TABLE).first().<String>getAs(QuarantineTable.REASON))
        .isEqualTo("wrong type: field 'messages[].content' is number, expected a string");
  }

  @Test
  void severalTextColumnsJoinedAndAConstantCategoryFromSettings() throws Exception {
    Path jsonl = tmp.resolve("qa.jsonl");
    Files.write(jsonl, List.of("{\"q\":\"What is salt?\",\"a\":\"Sodium chloride.\"}", "{\"q\":\"Why?\",\"a\":null}"));
    IngestSettings settings = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse(
        "synthmix.ingest.sources = [ { name = qa, path = \"" + jsonl + "\", fields { id = \"\", text = [q, a],"
            + " category = \"'quiz'\" }, text-separator = \" | \" } ]")));
    DeltaStore store = store("wh-qa");
    RealIngest.run(store, settings, settings.sources(), TestRuns.ledger("r1"));
    List<Row> rows = store.read(Documents.REAL_TABLE).orderBy(Documents.TEXT).collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs(Documents.TEXT)).containsExactly("What is salt? | Sodium chloride.",
        "Why?");
    assertThat(rows).extracting(r -> r.<String>getAs(Documents.CATEGORY)).containsOnly("quiz");
  }

  @Test
  void aDeltaTableIsReadAtTheGivenVersionAndTheVersionIsRecorded() {
    String corpus = tmp.resolve("corpus").toString();
    SPARK.spark().sql("select 'd' || id as id, 'text number ' || id as text, 'c' as category from range(3)")
        .write().format("delta").save(corpus);
    SPARK.spark().sql("select 'd' || id as id, 'text number ' || id as text, 'c' as category from range(3, 5)")
        .write().format("delta").mode("append").save(corpus);

    DeltaStore store = store("wh-table");
    RunLedger ledger = TestRuns.ledger("r1");
    IngestResult r = RealIngest.run(store, SETTINGS,
        List.of(source("corpus", Format.TABLE, corpus, "id", "text", "category", 0L)), ledger);
    assertThat(r.written()).as("version 0 has 3 rows").isEqualTo(3);
    assertThat(ledger.inputVersions()).containsEntry(corpus, 0L);
    assertThat(store.read(Documents.REAL_TABLE).select(Documents.SOURCE_FILE).distinct().first().getString(0))
        .isEqualTo(corpus + "@v0");

    RunLedger latest = TestRuns.ledger("r2");
    assertThat(RealIngest.run(store, SETTINGS,
        List.of(source("corpus", Format.TABLE, corpus, "id", "text", "category", null)), latest).written()).isEqualTo(5);
    assertThat(latest.inputVersions()).as("the latest version, pinned and recorded").containsEntry(corpus, 1L);

    assertThatThrownBy(() -> RealIngest.run(store, SETTINGS,
        List.of(source("corpus", Format.TABLE, corpus, "id", "text", "category", 7L)), TestRuns.ledger("r3")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("has no version 7 (versions 0 to 1")
        .satisfies(e -> assertThat(((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED));
  }

  @Test
  void aCatalogTableIsReadByNameAndAMissingOneIsRefused() {
    SPARK.spark().sql("select 'x' || id as id, 'catalog text ' || id as text, 'k' as category from range(4)")
        .write().format("delta").saveAsTable("corpus_in_catalog");
    DeltaStore store = store("wh-catalog");
    IngestResult r = RealIngest.run(store, SETTINGS,
        List.of(source("cat", Format.TABLE, "corpus_in_catalog", "id", "text", "category", null)), TestRuns.ledger("r1"));
    assertThat(r.written()).isEqualTo(4);

    assertThatThrownBy(() -> RealIngest.run(store, SETTINGS,
        List.of(source("cat", Format.TABLE, "no_such_table", "id", "text", "category", null)), TestRuns.ledger("r2")))
        .hasMessageContaining("the catalog has no such table");
  }
}
