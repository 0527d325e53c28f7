package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given as settings never reach a log line, a commit or a table property; setting values
 * are data, never evaluated (no shell, no JNDI/log4j lookup, no HOCON substitution from -D).
 */
class SecurityIT {

  static final SparkTestSession SPARK = new SparkTestSession();

  static final List<String> SECRETS = List.of("AKIA0SECRETACCESSKEY", "s3cr3t-Secret-Key-Value", "tok-Bearer-123456",
      "hunter2-password");

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void secretsStayOutOfLogsCommitsAndPropertiesAndValuesAreNeverEvaluated() throws Exception {
    Path in = Files.writeString(tmp.resolve("c.jsonl"), "{\"id\":\"1\",\"text\":\"one\",\"category\":\"a\"}\n");
    Path marker = tmp.resolve("pwned");
    Path wh = tmp.resolve("wh");
    Path conf = Files.writeString(tmp.resolve("s.conf"),
        "synthmix.hadoop { \"fs.custom.quoted\" = \"${HOME}/literal\", \"fs.s3a.session.token\" = \"tok-Bearer-123456\" }\n");

    Launcher.Result r = Launcher.run(
        "-Dconfig.file=" + conf,
        "-Dsynthmix.warehouse=" + wh,
        "-Dsynthmix.hadoop.\"fs.s3a.access.key\"=AKIA0SECRETACCESSKEY",
        "-Dsynthmix.hadoop.\"fs.s3a.secret.key\"=s3cr3t-Secret-Key-Value",
        "-Dsynthmix.hadoop.\"my.db.password\"=hunter2-password",
        "-Dsynthmix.hadoop.\"fs.custom.jndi\"=${jndi:ldap://127.0.0.1:1/x}",
        "-Dsynthmix.hadoop.\"fs.custom.shell\"=$(touch " + marker + ")",
        "-Dsynthmix.hadoop.\"fs.custom.env\"=${HOME}",
        "ingest-real", "--input", in.toString());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String output = r.stdout() + r.stderr();
    for (String secret : SECRETS) {
      assertThat(output).as("log output").doesNotContain(secret);
    }
    assertThat(output).as("the masked settings dump").contains("***")
        .contains("${jndi:ldap://127.0.0.1:1/x}").contains("$(touch " + marker + ")")
        .contains("${HOME}/literal");
    assertThat(output).as("-D values are strings: ${HOME} is not substituted").containsPattern("env[^:\\n]* : \"\\$\\{HOME\\}\"");
    assertThat(marker).as("no shell ran the value").doesNotExist();

    for (String table : List.of("docs_real", "quarantine", "runs")) {
      if (!Files.exists(wh.resolve(table))) {
        continue;
      }
      String path = wh.resolve(table).toString();
      List<Row> history = SPARK.spark().sql("DESCRIBE HISTORY delta.`" + path + "`").collectAsList();
      Row detail = SPARK.spark().sql("DESCRIBE DETAIL delta.`" + path + "`").first();
      Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
      String everything = history.toString() + properties + SPARK.spark().read().format("delta").load(path).collectAsList();
      for (String secret : SECRETS) {
        assertThat(everything).as(table + ": commit metadata, properties and rows").doesNotContain(secret);
      }
    }
  }
}
