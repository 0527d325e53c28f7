package dev.synthmix.pipeline.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.schema.RawRecords;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * JSON Lines: one JSON object per line. Blank lines are not records. A line that is not valid
 * UTF-8, not one JSON object, or has a field of the wrong type is passed on with its error.
 */
final class JsonlReader implements SourceReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    JavaRDD<Row> rows = LineFiles.read(spark, files).mapPartitions(lines -> parse(lines, spec, files, limits));
    return spark.createDataFrame(rows, RawRecords.SCHEMA);
  }

  private static Iterator<Row> parse(
      Iterator<LineFiles.Line> lines, SourceSpec spec, InputFiles files, RecordLimits limits) {
    ObjectMapper mapper = mapper();
    Mappings maps = new Mappings(spec.idMapping(), spec.textMapping(), spec.categoryMapping());
    // Lines are converted lazily, one at a time: a partition may be larger than memory.
    return new Iterator<>() {
      Row nextRow = advance();

      private Row advance() {
        while (lines.hasNext()) {
          Row r = toRow(lines.next(), spec, files, mapper, limits, maps);
          if (r != null) {
            return r;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return nextRow != null;
      }

      @Override
      public Row next() {
        Row r = nextRow;
        nextRow = advance();
        return r;
      }
    };
  }

  /** The JSON parser of every line: one object, no trailing tokens, no duplicate keys. */
  static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Pure: one line → its raw record (or its error), or null for a blank line. */
  static Row toRow(
      LineFiles.Line line, SourceSpec spec, InputFiles files, ObjectMapper mapper, RecordLimits limits) {
    return toRow(line, spec, files, mapper, limits,
        new Mappings(spec.idMapping(), spec.textMapping(), spec.categoryMapping()));
  }

  private static Row toRow(
      LineFiles.Line line, SourceSpec spec, InputFiles files, ObjectMapper mapper, RecordLimits limits,
      Mappings maps) {
    byte[] bytes = line.bytes();
    String rel = files.relative(line.file());
    if (line.error() != null) {
      return error(spec, line, rel, line.error(), null);
    }
    if (bytes.length > limits.maxTextBytes()) {
      // Refused before decoding and parsing: a huge line would otherwise be held several times over.
      return error(spec, line, rel, limits.tooLarge("line", bytes.length), RawRow.preview(bytes));
    }
    String decoded = RawRow.decodeStrict(bytes, bytes.length);
    if (decoded == null) {
      return RawRow.of(
          spec.name(), line.file(), rel, line.position(), line.positionKind(), null, null, null, null,
          "invalid UTF-8: the line is not UTF-8 text", RawRow.decodeLenient(bytes, bytes.length), bytes);
    }
    decoded = line.position() == 0 || line.position() == 1 ? RawRow.stripBom(decoded) : decoded;
    if (decoded.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = mapper.readTree(decoded);
    } catch (JsonProcessingException e) {
      return error(spec, line, rel, "malformed JSON: " + firstLine(e.getOriginalMessage()), decoded);
    }
    if (node == null || !node.isObject()) {
      return error(spec, line, rel, "malformed JSON: expected one object per line", decoded);
    }
    FieldMapping.Value id = spec.idField() == null ? NONE : maps.id.of(node, FieldMapping.Kind.ID);
    FieldMapping.Value text = maps.text.of(node, FieldMapping.Kind.TEXT);
    FieldMapping.Value category =
        spec.categoryField() == null ? NONE : maps.category.of(node, FieldMapping.Kind.CATEGORY);
    for (FieldMapping.Value v : List.of(id, text, category)) {
      if (v.error() != null) {
        return error(spec, line, rel, v.error(), decoded);
      }
    }
    Map<String, String> extra = null;
    if (!spec.extraColumns().isEmpty()) {
      extra = new LinkedHashMap<>();
      for (String col : spec.extraColumns()) {
        JsonNode v = node.get(col);
        if (v != null && !v.isNull()) {
          extra.put(col, v.isValueNode() ? v.asText() : v.toString());
        }
      }
    }
    return RawRow.of(
        spec.name(), line.file(), rel, line.position(), line.positionKind(), id.value(), text.value(),
        category.value(), extra, null, decoded, null);
  }

  private static final FieldMapping.Value NONE = new FieldMapping.Value(null, null);

  /** The source's field mappings, parsed once per partition. */
  private record Mappings(FieldMapping id, FieldMapping text, FieldMapping category) {}

  private static Row error(SourceSpec spec, LineFiles.Line line, String rel, String reason, String raw) {
    return RawRow.of(
        spec.name(), line.file(), rel, line.position(), line.positionKind(), null, null, null, null, reason, raw,
        null);
  }

  static String wrongType(String field, JsonNode node, String expected) {
    return "wrong type: field '" + field + "' is " + node.getNodeType().name().toLowerCase() + ", expected " + expected;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
