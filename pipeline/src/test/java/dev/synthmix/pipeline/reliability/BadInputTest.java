package dev.synthmix.pipeline.reliability;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.Manifest;
import dev.synthmix.pipeline.lineage.ManifestReader;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.QuarantineTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/}, listed in its README): every kind
 * is ingested for real and must end exactly as expected — each record either written or
 * quarantined with a reason and its file and position, none lost: {@code read = written +
 * quarantined} and {@code written = inserted + updated + unchanged}, per source and in total.
 *
 * <p>All kinds go through one ingest run as separate sources (one Spark run instead of twenty
 * keeps the test fast); each kind is then checked on its own sources' counts and rows.
 */
class BadInputTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  /** Most kinds are mostly bad on purpose: no source is refused here, every record is looked at. */
  static final IngestSettings DEFAULTS =
      IngestSettings.from(SettingsLoader.load(SettingsLoader.parse(""))).withMaxQuarantinedShare(1.0);

  /** The 50 MB document and the 10 MB line are made here, never committed. */
  static final int HUGE_TEXT_BYTES = 50 * 1024 * 1024;
  static final int LONG_LINE_TEXT_BYTES = 10 * 1024 * 1024;

  static Path generated;
  static DeltaStore store;
  static IngestResult first;
  static IngestResult second;
  static long docsVersionAfterFirst;
  static List<Row> quarantineAfterFirst;
  static List<Row> docsAfterFirst;

  @BeforeAll
  static void ingestTheWholeCorpusTwice() throws IOException {
    SPARK.start();
    generated = Files.createTempDirectory("bad-input-generated");
    store = new DeltaStore(SPARK.spark(), uri(generated.resolve("wh")));
    List<SourceSpec> all = kinds().flatMap(k -> k.sources().stream()).toList();
    first = RealIngest.run(store, DEFAULTS, all, TestRuns.ledger("bad-input-1"));
    docsVersionAfterFirst = store.version(Documents.REAL_TABLE).orElseThrow();
    docsAfterFirst = store.read(Documents.REAL_TABLE).drop(Documents.RUN_ID).collectAsList();
    quarantineAfterFirst = store.read(QuarantineTable.TABLE).collectAsList();
    second = RealIngest.run(store, DEFAULTS, all, TestRuns.ledger("bad-input-2"));
  }

  @AfterAll
  static void stop() throws IOException {
    SPARK.stop();
    try (Stream<Path> files = Files.walk(generated)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * One kind of bad input and what ingest must make of it.
   *
   * @param reasons a prefix of each reason the quarantine must hold (at least once each)
   */
  record Kind(String name, List<SourceSpec> sources, long read, long written, long quarantined, List<String> reasons) {
    @Override
    public String toString() {
      return name;
    }

    List<String> sourceNames() {
      return sources.stream().map(SourceSpec::name).toList();
    }
  }

  static String uri(Path p) {
    return p.toUri().toString().replaceFirst("^file:///", "file:/");
  }

  static Path corpus() {
    try {
      return Path.of(BadInputTest.class.getResource("/bad-input").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<SourceSpec> jsonl(String file) {
    return List.of(source(file, Format.JSONL));
  }

  static SourceSpec source(String file, Format format) {
    return SourceSpec.of(file.replaceAll("[^A-Za-z0-9]", "-"), format, List.of(corpus().resolve(file).toString()));
  }

  static Kind kind(String name, List<SourceSpec> sources, long read, long written, long quarantined,
      String... reasons) {
    return new Kind(name, sources, read, written, quarantined, List.of(reasons));
  }

  static Stream<Kind> kinds() {
    return Stream.of(
        kind("malformed JSON lines", jsonl("malformed-json.jsonl"), 8, 2, 6,
            "malformed JSON: Unexpected end-of-input", "malformed JSON: Unrecognized token 'not'",
            "malformed JSON: expected one object per line", "malformed JSON: Trailing token",
            "malformed JSON: Duplicate field 'text'", "malformed JSON: Unexpected character ('''"),
        kind("truncated file: last line cut mid-record, no newline", jsonl("truncated.jsonl"), 3, 2, 1,
            "malformed JSON: Unexpected end-of-input"),
        kind("truncated .gz: the stream ends mid-block", jsonl("truncated.jsonl.gz"), 171, 170, 1,
            "unreadable file from line 171 on (truncated or corrupt?): EOFException"),
        kind("wrong field types", jsonl("wrong-types.jsonl"), 9, 1, 8,
            "wrong type: field 'text' is number", "wrong type: field 'text' is array", "wrong type: field 'text' is object",
            "wrong type: field 'text' is boolean", "wrong type: field 'id' is number, expected a string or an integer",
            "wrong type: field 'id' is object", "wrong type: field 'category' is array",
            "wrong type: field 'category' is object"),
        kind("missing, null, empty and white-space-only text", jsonl("empty-text.jsonl"), 6, 1, 5,
            "missing text", "empty text", "empty text: only white space"),
        kind("invalid UTF-8 byte sequences", jsonl("invalid-utf8.jsonl"), 6, 1, 5,
            "invalid UTF-8: the line is not UTF-8 text"),
        kind("mixed encodings: Latin-1 and Windows-1252 lines in a UTF-8 file with a BOM",
            jsonl("mixed-encoding.jsonl"), 5, 3, 2, "invalid UTF-8: the line is not UTF-8 text"),
        kind("NUL bytes, raw and escaped", jsonl("nul-bytes.jsonl"), 5, 1, 4,
            "malformed JSON: Illegal unquoted character ((CTRL-CHAR, code 0))",
            "text contains NUL characters", "malformed JSON"),
        kind("CSV with embedded newlines, quotes, CRLF and a ragged row", List.of(source("csv-embedded.csv", Format.CSV)),
            6, 4, 2, "malformed CSV record", "missing text"),
        kind("duplicate ids within a file; the same id in two sources is two documents",
            List.of(source("duplicate-ids/within.jsonl", Format.JSONL), source("duplicate-ids/other-source.jsonl", Format.JSONL)),
            8, 5, 3, "duplicate id 'd1': first seen in source 'duplicate-ids-within-jsonl' file within.jsonl at 0",
            "duplicate id '3'"),
        kind("schema drift between JSONL files: extra, renamed and re-cased fields", jsonl("schema-drift-jsonl"), 4, 3, 1,
            "missing text"),
        kind("schema drift between Parquet files: a column added, a column missing", driftingParquet(),
            4, 3, 1, "missing category"),
        kind("category with control characters or HTML", jsonl("category-control-html.jsonl"), 7, 3, 4,
            "category contains control characters", "missing category"),
        kind("text folder: Latin-1, empty and binary files", List.of(source("text-folder", Format.TEXT)), 4, 1, 3,
            "invalid UTF-8: the file is not UTF-8 text", "empty text", "text contains NUL characters"),
        kind("empty file", jsonl("empty-file.jsonl"), 0, 0, 0),
        kind("a 50 MB document (generated)", hugeDocument(), 2, 1, 1,
            "record too large: line of " + (HUGE_TEXT_BYTES + 38) + " bytes, more than synthmix.ingest.max-text-bytes = 16777216"),
        kind("a 10 MB line without a final newline (generated)", longLineWithoutNewline(), 2, 2, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyRecordIsWrittenOrQuarantinedWithAReasonAndWhereItCameFrom(Kind kind) {
    List<IngestResult.SourceCounts> counts =
        first.sources().stream().filter(c -> kind.sourceNames().contains(c.source())).toList();
    assertThat(counts).as("counts of every source").hasSize(kind.sources().size());
    counts.forEach(c -> assertThat(c.read()).as("read = written + quarantined, " + c.source())
        .isEqualTo(c.written() + c.quarantined()));
    assertThat(List.of(sum(counts, IngestResult.SourceCounts::read), sum(counts, IngestResult.SourceCounts::written),
        sum(counts, IngestResult.SourceCounts::quarantined))).as("read, written, quarantined")
        .containsExactly(kind.read(), kind.written(), kind.quarantined());

    Column mine = col(Documents.SOURCE).isin(kind.sourceNames().toArray());
    assertThat(store.read(Documents.REAL_TABLE).where(mine).count()).as("rows in docs_real").isEqualTo(kind.written());
    List<Row> quarantine = store.read(QuarantineTable.TABLE).where(mine).collectAsList();
    assertThat(quarantine).as("rows in quarantine").hasSize((int) kind.quarantined());
    for (Row q : quarantine) {
      String where = q.<String>getAs(QuarantineTable.FILE) + " @ " + q.getAs(QuarantineTable.POSITION);
      assertThat(q.<String>getAs(QuarantineTable.REASON)).as("reason of " + where).isNotBlank();
      assertThat(q.<String>getAs(QuarantineTable.FILE)).as("file").startsWith("file:");
      assertThat(q.<Long>getAs(QuarantineTable.POSITION)).as("position of " + where).isNotNull().isNotNegative();
      assertThat(q.<String>getAs(QuarantineTable.POSITION_KIND)).as("position kind of " + where).isNotBlank();
      assertThat(q.<String>getAs(QuarantineTable.RUN_ID)).isEqualTo("bad-input-1");
    }
    List<String> reasons = quarantine.stream().map(q -> q.<String>getAs(QuarantineTable.REASON)).toList();
    for (String expected : kind.reasons()) {
      assertThat(reasons).as("a reason starting with: " + expected).anyMatch(x -> x.startsWith(expected));
    }
  }

  @Test
  void theWholeRunReconcilesAndNothingIsLost() {
    assertThat(first.read()).as("read = written + quarantined").isEqualTo(first.written() + first.quarantined());
    assertThat(first.written()).as("written = inserted + updated + unchanged")
        .isEqualTo(first.inserted() + first.updated() + first.unchanged());
    assertThat(first.inserted()).as("a fresh warehouse: every written record is new").isEqualTo(first.written());
    assertThat(first.read()).isEqualTo(kinds().mapToLong(Kind::read).sum());
    assertThat(docsAfterFirst).hasSize((int) first.written());
    assertThat(docsAfterFirst.stream().map(d -> d.<String>getAs(Documents.DOC_ID)).distinct()).as("no duplicate doc_id")
        .hasSize(docsAfterFirst.size());
    assertThat(quarantineAfterFirst).hasSize((int) first.quarantined());
    System.out.printf("bad-input corpus: %d kinds, %d sources, read %d = written %d + quarantined %d%n",
        kinds().count(), first.sources().size(), first.read(), first.written(), first.quarantined());
  }

  @Test
  void theSameRunTwiceChangesNothingAndAddsNoRow() {
    // RealIngestTest#reingestingTheSameInputChangesNoTableContents covers an edited record too.
    assertThat(List.of(second.read(), second.written(), second.quarantined()))
        .containsExactly(first.read(), first.written(), first.quarantined());
    assertThat(List.of(second.inserted(), second.updated(), second.unchanged())).as("inserted, updated, unchanged")
        .containsExactly(0L, 0L, first.written());
    assertThat(store.version(Documents.REAL_TABLE)).as("nothing to commit").contains(docsVersionAfterFirst);
    assertThat(store.read(Documents.REAL_TABLE).drop(Documents.RUN_ID).collectAsList())
        .containsExactlyInAnyOrderElementsOf(docsAfterFirst);
    assertThat(store.read(QuarantineTable.TABLE).collectAsList()).containsExactlyInAnyOrderElementsOf(quarantineAfterFirst);
  }

  @Test
  void theTruncatedGzipKeepsEveryLineBeforeTheCutInOrder() {
    List<String> ids = store.read(Documents.REAL_TABLE).where(col(Documents.SOURCE).equalTo("truncated-jsonl-gz"))
        .orderBy(Documents.SOURCE_POSITION).collectAsList().stream().map(d -> d.<String>getAs(Documents.INPUT_ID)).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      expected.add(String.format("g%03d", i));
    }
    assertThat(ids).as("a prefix of the file, nothing skipped").hasSize(170).isEqualTo(expected);
    Row cut = store.read(QuarantineTable.TABLE).where(col(QuarantineTable.REASON).startsWith("unreadable")).first();
    assertThat(cut.<Long>getAs(QuarantineTable.POSITION)).as("the line after the last one read")
        .isEqualTo(ids.size() + 1L);
  }

  @Test
  void htmlInACategoryIsDataKeptVerbatimAndTheHugeTextsAreNeitherTruncatedNorKept() {
    Map<String, String> categories = new java.util.TreeMap<>();
    store.read(Documents.REAL_TABLE).where(col(Documents.INPUT_ID).isNotNull())
        .select(Documents.INPUT_ID, Documents.CATEGORY).collectAsList()
        .forEach(d -> categories.put(d.getString(0), d.getString(1)));
    assertThat(categories).containsEntry("h4", "<script>alert(1)</script>")
        .containsEntry("h5", "<b>bold</b> & \"quoted\"").containsEntry("h6", "a\u200bb");
    Row longDoc = store.read(Documents.REAL_TABLE).where(col(Documents.INPUT_ID).equalTo("long"))
        .selectExpr("length(text) as n", "substring(text, -3, 3) as tail").first();
    assertThat(longDoc.getInt(0)).as("the 10 MB text, whole").isEqualTo(LONG_LINE_TEXT_BYTES);
    assertThat(longDoc.getString(1)).isEqualTo("end");
    Row huge = store.read(QuarantineTable.TABLE).where(col(QuarantineTable.REASON).startsWith("record too large"))
        .selectExpr("length(raw) as n", "raw_bytes is null as no_bytes").first();
    assertThat(huge.getInt(0)).as("a preview, not 50 MB, in the quarantine").isEqualTo(1024);
    assertThat(huge.getBoolean(1)).isTrue();
    assertThat(categories).doesNotContainKey("huge");
  }

  @Test
  void aCsvTextOverMaxTextBytesIsQuarantinedWithItsSize() throws IOException {
    DeltaStore small = new DeltaStore(SPARK.spark(), uri(Files.createTempDirectory(generated, "limit").resolve("wh")));
    IngestSettings limited = new IngestSettings(List.of(), DEFAULTS.maxTextChars(), 30, 1.0, DEFAULTS.language());

    IngestResult r = RealIngest.run(small, limited, List.of(source("csv-embedded.csv", Format.CSV)), TestRuns.ledger("limit"));

    assertThat(List.of(r.read(), r.written(), r.quarantined())).containsExactly(6L, 3L, 3L);
    assertThat(small.read(QuarantineTable.TABLE).collectAsList()).extracting(q -> q.<String>getAs(QuarantineTable.REASON))
        .contains("text too large: 35 bytes of UTF-8, more than synthmix.ingest.max-text-bytes = 30");
  }

  @Test
  void aManifestNamingASeedVersionThatDoesNotExistIsRefusedAndNoTableVersionChanges() {
    // See also SyntheticIngestTest#everyMissingOrInvalidManifestFieldIsRefusedNamingIt (every field).
    Map<String, Optional<Long>> before = versions(store);
    Manifest m = ManifestReader.read(corpus().resolve("manifest-missing-seed-version/manifest.conf").toString(),
        SPARK.spark().sparkContext().hadoopConfiguration(), false);

    assertThatThrownBy(() -> SyntheticIngest.run(store, DEFAULTS, m, List.of(), null, TestRuns.ledger("ghost")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("field 'seed.version' is 999")
        .hasMessageContaining("Nothing was written")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(versions(store)).as("no table version changed").isEqualTo(before);
    assertThat(store.exists(Documents.SYNTHETIC_TABLE)).isFalse();
  }

  @Test
  void parquetFilesWhoseColumnTypesDisagreeAreRefusedNamingTheSource() {
    Path dir = generated.resolve("parquet-conflict");
    DeltaStore empty = new DeltaStore(SPARK.spark(), uri(dir.resolve("wh")));
    SPARK.spark().sql("select 'a' as id, 'text' as text, 'c' as category").write().parquet(dir.resolve("one").toString());
    SPARK.spark().sql("select 'b' as id, 42L as text, 'c' as category").write().parquet(dir.resolve("two").toString());
    SourceSpec spec = SourceSpec.of("conflict", Format.PARQUET, List.of(dir.resolve("one").toString(), dir.resolve("two").toString()));

    assertThatThrownBy(() -> RealIngest.run(empty, DEFAULTS, List.of(spec), TestRuns.ledger("conflict")))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("Cannot read source 'conflict'")
        .hasMessageContaining("\"STRING\" and \"BIGINT\"")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.INPUT_REFUSED);
    assertThat(empty.exists(Documents.REAL_TABLE)).isFalse();
  }

  private static long sum(List<IngestResult.SourceCounts> counts, ToLongFunction<IngestResult.SourceCounts> f) {
    return counts.stream().mapToLong(f).sum();
  }

  private static Map<String, Optional<Long>> versions(DeltaStore store) {
    return Map.of(Documents.REAL_TABLE, store.version(Documents.REAL_TABLE),
        Documents.SYNTHETIC_TABLE, store.version(Documents.SYNTHETIC_TABLE),
        QuarantineTable.TABLE, store.version(QuarantineTable.TABLE));
  }

  /** Three Parquet files: the base columns, one more column, one column fewer. */
  static List<SourceSpec> driftingParquet() {
    Path dir = generated.resolve("drift-parquet");
    if (!Files.exists(dir)) {
      SPARK.spark().sql("select 'p1' as id, 'base columns' as text, 'c' as category")
          .write().parquet(dir.resolve("a").toString());
      SPARK.spark().sql("select 'p2' as id, 'a year added' as text, 'c' as category, 2024 as year")
          .union(SPARK.spark().sql("select 'p3' as id, 'a year added, again' as text, 'c' as category, 2025 as year"))
          .coalesce(1).write().parquet(dir.resolve("b").toString());
      SPARK.spark().sql("select 'p4' as id, 'no category column' as text")
          .write().parquet(dir.resolve("c").toString());
    }
    return List.of(SourceSpec.of("drift", Format.PARQUET, List.of(dir.toString())));
  }

  /** A good record, then one JSON line holding a 50 MB text: over the default 16 MB limit. */
  static List<SourceSpec> hugeDocument() {
    Path file = generated.resolve("huge-document.jsonl");
    if (!Files.exists(file)) {
      writeLines(file, "{\"id\":\"small\",\"text\":\"a small record first\",\"category\":\"c\"}\n",
          "{\"id\":\"huge\",\"category\":\"c\",\"text\":\"", HUGE_TEXT_BYTES, "\"}\n");
    }
    return List.of(SourceSpec.of("huge", Format.JSONL, List.of(file.toString())));
  }

  /** A good record, then one 10 MB JSON line with no newline at the end of the file. */
  static List<SourceSpec> longLineWithoutNewline() {
    Path file = generated.resolve("long-line.jsonl");
    if (!Files.exists(file)) {
      writeLines(file, "{\"id\":\"first\",\"text\":\"a small record first\",\"category\":\"c\"}\n",
          "{\"id\":\"long\",\"category\":\"c\",\"text\":\"", LONG_LINE_TEXT_BYTES - 3, "end\"}");
    }
    return List.of(SourceSpec.of("long", Format.JSONL, List.of(file.toString())));
  }

  /** {@code head}, then {@code prefix}, {@code n} bytes of words, {@code suffix}, streamed. */
  private static void writeLines(Path file, String head, String prefix, int n, String suffix) {
    byte[] word = "lorem ipsum dolor sit amet ".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(prefix.getBytes(StandardCharsets.UTF_8));
      for (int written = 0; written < n; written += word.length) {
        out.write(word, 0, Math.min(word.length, n - written));
      }
      out.write(suffix.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
