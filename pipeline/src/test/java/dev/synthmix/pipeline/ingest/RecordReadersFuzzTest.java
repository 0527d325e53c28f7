package dev.synthmix.pipeline.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.synthmix.pipeline.schema.RawRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.csv.CSVHeaderChecker;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.catalyst.csv.UnivocityParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;

/**
 * Fuzz targets of the record readers (profile {@code fuzz}, run by scripts/fuzz.sh; not part of
 * {@code mvn verify}). The contract: any bytes give a raw record with or without an error, or
 * nothing for a blank line; an exception escaping would fail the whole ingest instead of
 * quarantining one record.
 */
class RecordReadersFuzzTest {

  private static final SourceSpec JSONL_SPEC =
      new SourceSpec("fuzz", Format.JSONL, List.of("/fuzz"), "id", "text", "category",
          List.of("prompt_id", "seed_doc_ids"), null, true, ",");
  private static final SourceSpec CSV_SPEC = SourceSpec.of("fuzz", Format.CSV, List.of("/fuzz"));
  private static final RecordLimits LIMITS = new RecordLimits(100_000, 400_000);
  private static final InputFiles FILES = inputFiles();
  private static final StructType CSV_SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, true)
          .add("text", DataTypes.StringType, true)
          .add("category", DataTypes.StringType, true)
          .add(CsvReader.CORRUPT, DataTypes.StringType, true);

  /** One JSON Lines line, as {@link JsonlReader} parses it inside a Spark task. */
  @FuzzTest(maxDuration = "60s")
  void jsonlLine(byte[] line) {
    Row r = JsonlReader.toRow(new LineFiles.Line(FILES.roots().get(0), 1, RawRecords.KIND_LINE, line, null),
        JSONL_SPEC, FILES, JsonlReader.mapper(), LIMITS);
    // The reader's rows carry no schema (Spark applies RawRecords.SCHEMA later): fields by position.
    if (r != null && r.isNullAt(field(RawRecords.ERROR)) && r.isNullAt(field(RawRecords.RAW_TEXT))
        && r.isNullAt(field(RawRecords.RAW_ID)) && r.isNullAt(field(RawRecords.RAW_CATEGORY))
        && r.isNullAt(field(RawRecords.RAW))) {
      throw new AssertionError("a record with neither content nor error");
    }
  }

  /** One CSV file (header id,text,category), parsed as Spark parses it with CsvReader's options. */
  @FuzzTest(maxDuration = "60s")
  void csvFile(byte[] file) {
    CSVOptions options = new CSVOptions(immutable(withCorrupt(CsvReader.options(CSV_SPEC))), true, "UTC");
    UnivocityParser parser = new UnivocityParser(CSV_SCHEMA, CSV_SCHEMA, options);
    CSVHeaderChecker header = new CSVHeaderChecker(CSV_SCHEMA, options, "fuzz.csv", true);
    Iterator<InternalRow> rows =
        UnivocityParser.parseStream(new ByteArrayInputStream(file), parser, header, CSV_SCHEMA);
    while (rows.hasNext()) {
      rows.next();
    }
  }

  private static int field(String name) {
    return RawRecords.SCHEMA.fieldIndex(name);
  }

  private static Map<String, String> withCorrupt(Map<String, String> o) {
    Map<String, String> m = new LinkedHashMap<>(o);
    m.put("mode", "PERMISSIVE");
    m.put("columnNameOfCorruptRecord", CsvReader.CORRUPT);
    return m;
  }

  private static scala.collection.immutable.Map<String, String> immutable(Map<String, String> m) {
    scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : m.entrySet()) {
      out = out.updated(e.getKey(), e.getValue());
    }
    return out;
  }

  private static InputFiles inputFiles() {
    try {
      Path dir = Files.createTempDirectory("synthmix-fuzz");
      Files.writeString(dir.resolve("data.jsonl"), "");
      SourceSpec spec = SourceSpec.of("fuzz", Format.JSONL, List.of(dir.resolve("data.jsonl").toString()));
      return InputFiles.check(spec, new Configuration());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the fuzz input folder: " + e.getMessage(), e);
    }
  }
}
