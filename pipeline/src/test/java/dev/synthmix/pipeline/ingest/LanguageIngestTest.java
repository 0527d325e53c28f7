package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import dev.synthmix.pipeline.text.LanguageId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each document's language is identified at ingest, kept in a column, and can slice the audit. */
class LanguageIngestTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));

  static final String[] LINES = {
    "{\"id\":\"en\",\"category\":\"news\",\"text\":\"The Congress shall have power to lay and collect taxes, duties and excises.\"}",
    "{\"id\":\"en2\",\"category\":\"law\",\"text\":\"The committee will meet again next week to discuss the budget for schools.\"}",
    "{\"id\":\"de\",\"category\":\"news\",\"text\":\"Der Bundestag hat heute ein neues Gesetz über die Steuern beschlossen.\"}",
    "{\"id\":\"zh\",\"category\":\"news\",\"text\":\"我们是学生，我们喜欢学习中文。今天天气很好，我们去公园散步。\"}",
    "{\"id\":\"th\",\"category\":\"law\",\"text\":\"ภาษาไทยเป็นภาษาที่สวยงาม และมีประวัติศาสตร์ยาวนานมาก\"}",
    "{\"id\":\"short\",\"category\":\"law\",\"text\":\"ok, thanks\"}"
  };

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private DeltaStore store() {
    return new DeltaStore(SPARK.spark(), tmp.resolve("wh").toUri().toString().replaceFirst("^file:///", "file:/"));
  }

  private SourceSpec source() throws IOException {
    Path in = tmp.resolve("multi.jsonl");
    Files.writeString(in, String.join("\n", LINES) + "\n");
    return SourceSpec.of("multi", Format.JSONL, List.of(in.toString()));
  }

  private static Map<String, String> languages(Dataset<Row> docs, String idColumn, String languageColumn) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : docs.select(idColumn, languageColumn).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  @Test
  void everyDocumentGetsItsLanguageAndTheMixCarriesIt() throws IOException {
    DeltaStore store = store();
    RealIngest.run(store, SETTINGS, List.of(source()), TestRuns.ledger("run-1"));
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("en", "eng", "en2", "eng", "de", "deu", "zh", "cmn", "th", "tha",
            "short", LanguageId.UNDETERMINED));
    Dataset<Row> mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), null);
    assertThat(languages(mix, TrainingMix.DOC_ID, TrainingMix.LANGUAGE)).containsEntry("multi:zh", "cmn");

    // Sliced by language, coverage counts languages where it counted categories.
    Dataset<Row> coverage = new Coverage(new CoverageSettings(0.5)).measure(MixSlice.LANGUAGE.apply(mix)).table();
    Map<String, Long> realByLanguage = new TreeMap<>();
    for (Row r : coverage.where(col(CoverageTable.GENERATOR).equalTo(CoverageTable.ALL))
        .select(CoverageTable.CATEGORY, CoverageTable.REAL_COUNT).collectAsList()) {
      realByLanguage.put(r.getString(0), r.getLong(1));
    }
    assertThat(realByLanguage).containsAllEntriesOf(Map.of("eng", 2L, "deu", 1L, "cmn", 1L, "tha", 1L, "und", 1L));
    assertThat(realByLanguage.keySet()).doesNotContain("news", "law");
  }

  @Test
  void switchedOffEveryDocumentIsUndetermined() throws IOException {
    DeltaStore store = store();
    IngestSettings off = new IngestSettings(List.of(), SETTINGS.maxTextChars(), SETTINGS.maxTextBytes(),
        SETTINGS.maxQuarantinedShare(), new LanguageId.Settings(false, 500, 20));
    RealIngest.run(store, off, List.of(source()), TestRuns.ledger("run-1"));
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE).values())
        .hasSize(LINES.length).containsOnly(LanguageId.UNDETERMINED);
  }

  @Test
  void aTableWrittenBeforeTheColumnExistedGainsItAndIsFilledOnTheNextIngest() throws IOException {
    DeltaStore store = store();
    StructType old = new StructType();
    for (var f : Documents.BASE_SCHEMA.fields()) {
      if (!f.name().equals(Documents.LANGUAGE)) {
        old = old.add(f);
      }
    }
    store.create(Documents.REAL_TABLE, old, Map.of(), TestRuns.ledger("old"));
    assertThat(TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), null).schema().fieldNames())
        .as("an old table still builds a mix").contains(TrainingMix.LANGUAGE);

    IngestResult r = RealIngest.run(store, SETTINGS, List.of(source()), TestRuns.ledger("run-1"));
    assertThat(r.sources().get(0).written()).isEqualTo(LINES.length);
    assertThat(store.read(Documents.REAL_TABLE).schema().fieldNames()).contains(Documents.LANGUAGE);
    assertThat(languages(store.read(Documents.REAL_TABLE), Documents.INPUT_ID, Documents.LANGUAGE))
        .containsEntry("de", "deu").containsEntry("th", "tha").hasSize(LINES.length);
    long version = store.version(Documents.REAL_TABLE).orElseThrow();
    RealIngest.run(store, SETTINGS, List.of(source()), TestRuns.ledger("run-2"));
    assertThat(store.version(Documents.REAL_TABLE).orElseThrow())
        .as("the same input again changes nothing: language is part of the stored fingerprint").isEqualTo(version);
  }
}
