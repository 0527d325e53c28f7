package dev.synthmix.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.ingest.FieldMapping.Kind;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field mappings for Hugging Face-style records, evaluated the same way on parsed JSON and as
 * Spark columns over a Parquet file shaped like a chat dataset.
 */
class FieldMappingTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String[] CHATS = {
    "{\"id\":1,\"meta\":{\"source\":\"forum\",\"lang\":\"en\"},\"question\":\"Why?\",\"answer\":\"Because.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}",
    "{\"id\":2,\"meta\":{\"source\":\"mail\",\"lang\":\"de\"},\"question\":\"Wie?\",\"answer\":null,"
        + "\"messages\":[{\"role\":\"user\",\"content\":null},{\"role\":\"assistant\",\"content\":\"Gut\"}]}",
    "{\"id\":3,\"meta\":{\"source\":null,\"lang\":\"fr\"},\"question\":\"Quoi?\",\"answer\":\"Rien.\",\"messages\":[]}"
  };

  @TempDir static Path tmp;
  static Dataset<Row> parquet;

  @BeforeAll
  static void start() {
    SPARK.start();
    String path = tmp.resolve("chats.parquet").toString();
    SPARK.spark().read().json(SPARK.spark().createDataset(List.of(CHATS), org.apache.spark.sql.Encoders.STRING()))
        .write().parquet(path);
    parquet = SPARK.spark().read().parquet(path).orderBy("id");
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  private static List<String> json(FieldMapping m, Kind kind) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : CHATS) {
      JsonNode n = JSON.readTree(line);
      FieldMapping.Value v = m.of(n, kind);
      out.add(v.error() != null ? "ERROR " + v.error() : v.value());
    }
    return out;
  }

  private static List<String> columnar(FieldMapping m, Kind kind) {
    List<Column> errors = new ArrayList<>();
    Column c = m.column(parquet.schema(), kind, errors);
    Column value = errors.isEmpty() ? c : functions.concat(functions.lit("ERROR "), errors.get(0));
    List<String> out = new ArrayList<>();
    for (Row r : parquet.select(value).collectAsList()) {
      out.add(r.isNullAt(0) ? null : r.getString(0));
    }
    return out;
  }

  private static void bothGive(FieldMapping m, Kind kind, String... expected) throws Exception {
    List<String> want = java.util.Arrays.asList(expected);
    assertThat(json(m, kind)).as("JSON: " + m).isEqualTo(want);
    assertThat(columnar(m, kind)).as("Parquet: " + m).isEqualTo(want);
  }

  @Test
  void nestedFieldsArraysOfStructsSeveralColumnsAndConstants() throws Exception {
    bothGive(FieldMapping.parse("meta.source"), Kind.CATEGORY, "forum", "mail", null);
    bothGive(FieldMapping.parse(List.of("messages[].content"), "\n"), Kind.TEXT, "Hi there\nHello", "Gut", null);
    bothGive(FieldMapping.parse(List.of("question", "answer"), " / "), Kind.TEXT, "Why? / Because.", "Wie?",
        "Quoi? / Rien.");
    bothGive(FieldMapping.parse("'chat'"), Kind.CATEGORY, "chat", "chat", "chat");
    bothGive(FieldMapping.parse("id"), Kind.ID, "1", "2", "3");
    bothGive(FieldMapping.parse("meta.missing"), Kind.CATEGORY, null, null, null);
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingTheMapping() throws Exception {
    String struct = "ERROR wrong type: field 'messages[]' is ";
    assertThat(json(FieldMapping.parse("messages[]"), Kind.TEXT)).first().asString()
        .startsWith(struct + "object, expected a string");
    assertThat(columnar(FieldMapping.parse("messages[]"), Kind.TEXT)).first().asString()
        .startsWith(struct + "struct<content:string,role:string>, expected a string");
    assertThat(json(FieldMapping.parse("id"), Kind.TEXT)).first().asString()
        .isEqualTo("ERROR wrong type: field 'id' is number, expected a string");
    assertThat(json(FieldMapping.parse("meta.lang"), Kind.ID)).first().isEqualTo("en");
    assertThat(json(FieldMapping.parse("meta"), Kind.ID)).first().asString()
        .isEqualTo("ERROR wrong type: field 'meta' is object, expected a string or an integer");
    assertThat(columnar(FieldMapping.parse("meta"), Kind.TEXT)).first().asString()
        .startsWith("ERROR wrong type: field 'meta' is struct<");
    String notArray = "ERROR wrong type: field 'question[]' is string at 'question', expected an array";
    assertThat(columnar(FieldMapping.parse("question[]"), Kind.TEXT)).first().isEqualTo(notArray);
    assertThat(json(FieldMapping.parse("question[]"), Kind.TEXT)).first().isEqualTo(notArray);
  }

  @Test
  void badMappingsAreUsageErrors() {
    assertThatThrownBy(() -> FieldMapping.parse("a..b")).hasMessageContaining("write fields as a.b.c");
    assertThatThrownBy(() -> FieldMapping.parse("a[0].b")).hasMessageContaining("arrays as items[].field");
    assertThatThrownBy(() -> FieldMapping.parse(" ")).hasMessageContaining("empty field");
    assertThat(FieldMapping.parse("text").isPlainField()).isTrue();
    assertThat(FieldMapping.parse("meta.source").isPlainField()).isFalse();
  }
}
