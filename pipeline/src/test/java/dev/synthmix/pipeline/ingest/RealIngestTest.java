package dev.synthmix.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.QuarantineTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealIngestTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));

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

  private Path jsonl(String name, String... lines) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  private static IngestResult ingest(DeltaStore store, String run, SourceSpec... sources) {
    return RealIngest.run(store, SETTINGS, List.of(sources), TestRuns.ledger(run));
  }

  private static List<String> reasons(DeltaStore store, String source) {
    return store.read(QuarantineTable.TABLE).where(org.apache.spark.sql.functions.col("source").equalTo(source))
        .collectAsList().stream().map(r -> r.<String>getAs(QuarantineTable.REASON)).collect(Collectors.toList());
  }

  @Test
  void jsonlGoodRecordsAreWrittenAndEveryBadKindIsQuarantinedWithItsReason() throws IOException {
    Path in = tmp.resolve("mixed.jsonl");
    byte[] badUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', 'u', '"', ',', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String[] lines = {
      "{\"id\":\"a\",\"text\":\"Hello world, the first.\",\"category\":\"x\",\"year\":1999}",
      "{\"id\":\"b\",\"text\":",
      "{\"id\":\"c\",\"text\":42,\"category\":\"x\"}",
      "{\"id\":\"d\",\"category\":\"x\"}",
      "{\"id\":\"e\",\"text\":\"\",\"category\":\"x\"}",
      "{\"id\":\"f\",\"text\":\"  \\t \",\"category\":\"x\"}",
      null, // invalid UTF-8 goes here
      "{\"id\":\"a\",\"text\":\"a second a\",\"category\":\"x\"}",
      "{\"id\":\"g\",\"text\":\"no category\"}",
      "[1,2]",
      "{\"id\":\"h\",\"text\":\"a\\u0000b\",\"category\":\"x\"}",
      "",
      "{\"id\":7,\"text\":\"numeric id\",\"category\":\"y\"}",
      "{\"id\":\"i\",\"text\":\"bad category\",\"category\":\"x\\u0007y\"}",
      "{\"id\":{\"n\":1},\"text\":\"object id\",\"category\":\"y\"}",
    };
    try (var out = Files.newOutputStream(in)) {
      for (String l : lines) {
        out.write(l == null ? badUtf8 : l.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    DeltaStore store = store();
    SourceSpec spec = new SourceSpec("mixed", Format.JSONL, List.of(in.toString()), "id", "text", "category",
        List.of("year"), null, true, ",");

    IngestResult r = ingest(store, "run-1", spec);

    assertThat(r.read()).as("the blank line is not a record").isEqualTo(14);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(12);
    assertThat(r.read()).isEqualTo(r.written() + r.quarantined());
    List<Row> docs = store.read(Documents.REAL_TABLE).orderBy(Documents.DOC_ID).collectAsList();
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.DOC_ID)).containsExactly("7", "a");
    Row a = docs.get(1);
    assertThat(a.<String>getAs(Documents.TEXT)).isEqualTo("Hello world, the first.");
    assertThat(a.<String>getAs(Documents.SOURCE)).isEqualTo("mixed");
    assertThat(a.<String>getAs(Documents.TEXT_HASH)).isEqualTo(dev.synthmix.pipeline.text.ContentHash.of("hello world the first"));
    assertThat(a.getJavaMap(a.fieldIndex(Documents.EXTRA))).containsEntry("year", "1999");
    assertThat(a.<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(0L);
    assertThat(a.<String>getAs(Documents.RUN_ID)).isEqualTo("run-1");

    List<String> reasons = store.read(QuarantineTable.TABLE).collectAsList().stream()
        .map(q -> q.<String>getAs(QuarantineTable.REASON)).sorted().collect(Collectors.toList());
    assertThat(reasons).hasSize(12);
    assertThat(reasons).anyMatch(x -> x.startsWith("malformed JSON"));
    assertThat(reasons).contains("malformed JSON: expected one object per line");
    assertThat(reasons).contains("wrong type: field 'text' is number, expected a string");
    assertThat(reasons).contains("wrong type: field 'id' is object, expected a string or an integer");
    assertThat(reasons).contains("missing text: the text field is absent or null");
    assertThat(reasons).contains("empty text", "empty text: only white space");
    assertThat(reasons).contains("invalid UTF-8: the line is not UTF-8 text");
    assertThat(reasons).anyMatch(x -> x.startsWith("duplicate id 'a': first seen in source 'mixed' file mixed.jsonl at 0"));
    assertThat(reasons).contains("missing category: set fields.category or default-category for this source");
    assertThat(reasons).contains("text contains NUL characters (binary data?)");
    assertThat(reasons).contains("category contains control characters");
    Row bad = store.read(QuarantineTable.TABLE).where("reason like 'invalid UTF-8%'").first();
    assertThat((byte[]) bad.getAs(QuarantineTable.RAW_BYTES)).as("the bytes are kept, nothing lost").isEqualTo(badUtf8);
    assertThat(bad.<String>getAs(QuarantineTable.FILE)).endsWith("mixed.jsonl");
    assertThat(bad.<String>getAs(QuarantineTable.POSITION_KIND)).isEqualTo("byte-offset");
    assertThat(bad.<String>getAs(QuarantineTable.RUN_ID)).isEqualTo("run-1");
  }

  @Test
  void reingestingTheSameInputChangesNoTableContents() throws IOException {
    Path in = jsonl("news.jsonl",
        "{\"id\":\"n1\",\"text\":\"one\",\"category\":\"a\"}",
        "{\"id\":\"n2\",\"text\":\"two\",\"category\":\"b\"}",
        "{\"id\":\"n2\",\"text\":\"two again\",\"category\":\"b\"}",
        "not json");
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("news", Format.JSONL, List.of(in.toString()));
    IngestResult first = ingest(store, "run-1", spec);
    var docsAfterFirst = store.read(Documents.REAL_TABLE).collectAsList();
    var quarantineAfterFirst = store.read(QuarantineTable.TABLE).collectAsList();
    long docsVersion = store.version(Documents.REAL_TABLE).orElseThrow();

    IngestResult second = ingest(store, "run-2", spec);

    assertThat(store.version(Documents.REAL_TABLE)).as("nothing changed, nothing committed").contains(docsVersion);
    assertThat(first.inserted()).isEqualTo(2);
    assertThat(second.inserted()).isZero();
    assertThat(second.updated()).isZero();
    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(second.quarantined()).as("counted again in this run").isEqualTo(2);
    assertThat(store.read(Documents.REAL_TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(docsAfterFirst);
    assertThat(store.read(QuarantineTable.TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(quarantineAfterFirst);

    Files.writeString(in, "{\"id\":\"n1\",\"text\":\"one, edited\",\"category\":\"a\"}\n");
    IngestResult edited = ingest(store, "run-3", spec);
    assertThat(edited.updated()).isEqualTo(1);
    assertThat(store.read(Documents.REAL_TABLE).count()).isEqualTo(2);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'n1'").first().<String>getAs(Documents.RUN_ID)).isEqualTo("run-3");
  }

  @Test
  void anIdAlreadyIngestedFromAnotherSourceIsQuarantined() throws IOException {
    DeltaStore store = store();
    ingest(store, "run-1", SourceSpec.of("first", Format.JSONL, List.of(jsonl("a.jsonl", "{\"id\":\"x1\",\"text\":\"t\",\"category\":\"c\"}").toString())));
    IngestResult r = ingest(store, "run-2", SourceSpec.of("second", Format.JSONL,
        List.of(jsonl("b.jsonl", "{\"id\":\"x1\",\"text\":\"other\",\"category\":\"c\"}", "{\"id\":\"x2\",\"text\":\"t2\",\"category\":\"c\"}").toString())));
    assertThat(r.written()).isEqualTo(1);
    assertThat(r.quarantined()).isEqualTo(1);
    assertThat(reasons(store, "second")).contains("duplicate id 'x1' across sources: already ingested from source 'first'");
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'x1'").first().<String>getAs(Documents.TEXT)).isEqualTo("t");
  }

  @Test
  void aMissingInputPathIsRefusedWithExit3AndNothingWritten() throws IOException {
    DeltaStore store = store();
    SourceSpec good = SourceSpec.of("good", Format.JSONL, List.of(jsonl("ok.jsonl", "{\"id\":\"1\",\"text\":\"t\",\"category\":\"c\"}").toString()));
    SourceSpec missing = SourceSpec.of("missing", Format.JSONL, List.of(tmp.resolve("nope.jsonl").toString()));
    assertThatThrownBy(() -> ingest(store, "run-1", good, missing))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("nope.jsonl does not exist")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(store.exists(Documents.REAL_TABLE)).isFalse();
    assertThat(store.exists(QuarantineTable.TABLE)).isFalse();
  }

  @Test
  void csvWithQuotedNewlinesAndAMalformedRecord() throws IOException {
    Path in = tmp.resolve("c.csv");
    Files.writeString(in, "id,text,category\n"
        + "c1,\"a text with a\nnewline and \"\"quotes\"\"\",news\n"
        + "c2,plain,news\n"
        + "c3,\"unterminated,news\n");
    DeltaStore store = store();
    IngestResult r = ingest(store, "run-1", SourceSpec.of("csv", Format.CSV, List.of(in.toString())));
    assertThat(r.read()).isEqualTo(r.written() + r.quarantined());
    Row c1 = store.read(Documents.REAL_TABLE).where("doc_id = 'c1'").first();
    assertThat(c1.<String>getAs(Documents.TEXT)).isEqualTo("a text with a\nnewline and \"quotes\"");
    assertThat(c1.<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(1L);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = 'c2'").first().<Long>getAs(Documents.SOURCE_POSITION)).isEqualTo(2L);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(1);
  }

  @Test
  void csvWithoutTheTextColumnIsRefusedNamingTheColumns() throws IOException {
    Path in = tmp.resolve("d.csv");
    Files.writeString(in, "id,body,category\n1,t,c\n");
    DeltaStore store = store();
    assertThatThrownBy(() -> ingest(store, "run-1", SourceSpec.of("csv", Format.CSV, List.of(in.toString()))))
        .hasMessageContaining("no column 'text'")
        .hasMessageContaining("[id, body, category]");
    assertThat(store.exists(Documents.REAL_TABLE)).isFalse();
  }

  @Test
  void parquetWithMappedFieldsAndAWrongTypedText() {
    DeltaStore store = store();
    String good = tmp.resolve("p-good").toString();
    SPARK.spark().sql("select cast(id as long) as id, concat('text number ', id) as body, if(id % 2 = 0, 'even', 'odd') as kind from range(5)")
        .repartition(2).write().parquet(good);
    SourceSpec spec = new SourceSpec("pq", Format.PARQUET, List.of(good), "id", "body", "kind", List.of(), null, true, ",");
    IngestResult r = ingest(store, "run-1", spec);
    assertThat(r.written()).isEqualTo(5);
    assertThat(store.read(Documents.REAL_TABLE).where("doc_id = '3'").first().<String>getAs(Documents.CATEGORY)).isEqualTo("odd");

    String bad = tmp.resolve("p-bad").toString();
    SPARK.spark().sql("select concat('b', id) as id, id as body, 'k' as kind from range(3)").write().parquet(bad);
    IngestResult rb = ingest(store, "run-2", new SourceSpec("pq-bad", Format.PARQUET, List.of(bad), "id", "body", "kind", List.of(), null, true, ","));
    assertThat(rb.quarantined()).isEqualTo(3);
    assertThat(reasons(store, "pq-bad")).hasSize(3).containsOnly("wrong type: field 'body' is bigint, expected a string");
  }

  @Test
  void textFolderTakesTheCategoryFromTheFolderAndDerivesStableIds() throws IOException {
    Path root = tmp.resolve("texts");
    Files.createDirectories(root.resolve("speeches"));
    Files.createDirectories(root.resolve("letters"));
    Files.writeString(root.resolve("speeches/one.txt"), "Four score and seven years ago.");
    Files.writeString(root.resolve("letters/two.txt"), "Dear Sir, I write to you.");
    Files.writeString(root.resolve("loose.txt"), "No folder, no category.");
    Files.write(root.resolve("letters/bad.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41});
    DeltaStore store = store();
    SourceSpec spec = SourceSpec.of("folder", Format.TEXT, List.of(root.toString()));

    IngestResult r = ingest(store, "run-1", spec);

    assertThat(r.read()).isEqualTo(4);
    assertThat(r.written()).isEqualTo(2);
    assertThat(r.quarantined()).isEqualTo(2);
    List<Row> docs = store.read(Documents.REAL_TABLE).orderBy(Documents.CATEGORY).collectAsList();
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.CATEGORY)).containsExactly("letters", "speeches");
    assertThat(docs).extracting(d -> d.<String>getAs(Documents.DOC_ID)).allMatch(id -> id.matches("folder:[0-9a-f]{20}")).doesNotHaveDuplicates();
    List<String> ids = docs.stream().map(d -> d.<String>getAs(Documents.DOC_ID)).collect(Collectors.toList());
    ingest(store, "run-2", spec);
    assertThat(store.read(Documents.REAL_TABLE).orderBy(Documents.CATEGORY).collectAsList())
        .extracting(d -> d.<String>getAs(Documents.DOC_ID)).as("same ids on rerun").containsExactlyElementsOf(ids);
  }

  @Test
  void theEmbeddedCorpusIsBundledAndReadable() {
    DeltaStore store = store();
    SourceSpec spec = EmbeddedCorpus.install(store.root(), "sotu", SPARK.spark().sparkContext().hadoopConfiguration());
    IngestResult r = ingest(store, "run-1", spec);
    assertThat(r.quarantined()).isZero();
    assertThat(r.written()).isEqualTo(12_876);
    assertThat(store.read(Documents.REAL_TABLE).select(Documents.CATEGORY).distinct().count()).isEqualTo(8);
    Row first = store.read(Documents.REAL_TABLE).where("doc_id = 'sotu-1790_george_washington_n-001'").first();
    assertThat(first.getJavaMap(first.fieldIndex(Documents.EXTRA))).containsEntry("year", "1790").containsEntry("era", "founding");
    assertThat(first.<Long>getAs(Documents.SOURCE_POSITION)).as("line numbers in a compressed file").isEqualTo(1L);
  }
}
