package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher end to end in fresh JVMs, with its own settings: the path a user (and spark-submit) takes. */
class LauncherIT {

  @TempDir Path tmp;

  @Test
  void ingestsAnyJsonlFileWithDefaultFieldsAndSqlPrintsTsvCsvOrJson() throws Exception {
    Path in = tmp.resolve("corpus.jsonl");
    Files.writeString(in, "{\"id\":\"1\",\"text\":\"The first document.\",\"category\":\"a\"}\n"
        + "{\"id\":\"2\",\"text\":\"The second\\tdocument.\",\"category\":\"b\"}\n"
        + "{\"id\":\"3\",\"text\":\"\",\"category\":\"b\"}\n");
    Path wh = tmp.resolve("wh");

    Launcher.Result ingest = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", in.toString());

    assertThat(ingest.exitCode()).as(ingest.stderr()).isZero();
    assertThat(ingest.stdout()).as("stdout carries data only").isEmpty();
    assertThat(ingest.stderr()).contains("synthmix ingest-real settings").contains("read 3 = written 2")
        .contains("quarantined 1");

    Launcher.Result sql = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "sql",
        "select doc_id, text from delta.`" + wh + "/docs_real` order by doc_id");
    assertThat(sql.exitCode()).as(sql.stderr()).isZero();
    assertThat(sql.stdout()).isEqualTo("doc_id\ttext\ncorpus:1\tThe first document.\ncorpus:2\tThe second\\tdocument.\n");

    Launcher.Result byName = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "sql",
        "select count(*) as n, min(reason) as reason from quarantine");
    assertThat(byName.stdout()).isEqualTo("n\treason\n1\tempty text\n");

    Launcher.Result csv = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "sql", "--format", "csv", "--limit", "1",
        "select category, concat(text, ', \"quoted\"') as text from docs_real order by category");
    assertThat(csv.exitCode()).as(csv.stderr()).isZero();
    assertThat(csv.stdout()).isEqualTo("category,text\na,\"The first document., \"\"quoted\"\"\"\n");
    Launcher.Result json = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "sql", "--format=json",
        "select category, map('k', text) as m from docs_real order by category");
    assertThat(json.stdout()).isEqualTo("{\"category\":\"a\",\"m\":{\"k\":\"The first document.\"}}\n"
        + "{\"category\":\"b\",\"m\":{\"k\":\"The second\\tdocument.\"}}\n");
    Launcher.Result badFormat = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "sql", "--format", "xml", "select 1");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.stderr()).contains("unknown --format 'xml'").contains("tsv, csv, json");

    Launcher.Result shell = Launcher.runWithInput(Launcher.AS_SHIPPED, "select count(*) as n\n  from docs_real;\nselect * from nope;\n"
        + "select category from training_mix order by category; quit;\nselect 'not run';\n",
        "-Dsynthmix.warehouse=" + wh, "shell");
    assertThat(shell.exitCode()).as(shell.stderr()).isZero();
    assertThat(shell.stdout()).as("results in order, the failed statement skipped").isEqualTo("n\n2\ncategory\na\nb\n");
    assertThat(shell.stderr()).contains("nope").contains("3 statement(s), 1 failed");

    Launcher.Result history = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "history", "docs_real");
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(history.stdout()).startsWith("version\ttimestamp\toperation\trun_id").contains("MERGE").contains("ingest-real-");
  }

  @Test
  void aSourceMostlyRefusedExits3WithItsReasonsAndAFieldMappingOnTheCommandLineIngestsIt() throws Exception {
    Path in = tmp.resolve("labelled.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      lines.append("{\"id\":").append(i).append(",\"body\":\"record ").append(i).append("\",\"label\":\"l")
          .append(i % 2).append("\"}\n");
    }
    Files.writeString(in, lines);
    Path wh = tmp.resolve("wh");

    Launcher.Result refused = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", in.toString(),
        "--field", "text=body");

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
    assertThat(refused.stderr())
        .contains("Cannot ingest source 'labelled': 50 of 50 records (100%) were quarantined")
        .contains("50 × missing category").contains("synthmix.ingest.max-quarantined-share")
        .contains("--field category=<name>");

    Launcher.Result mapped = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", in.toString(),
        "--field", "text=body", "--field", "category=label");
    assertThat(mapped.exitCode()).as(mapped.stderr()).isZero();
    assertThat(mapped.stderr()).contains("read 50 = written 50 (inserted 50, updated 0, unchanged 0) + quarantined 0");
  }

  @Test
  void badSettingsExit2NamingTheKeyAndMissingInputExit3WritingNothing() throws Exception {
    Path wh = tmp.resolve("wh");
    Launcher.Result typo = Launcher.runAsShipped("-Dsynthmix.wharehouse=" + wh, "ingest-real", "--input", "x.jsonl");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.stderr()).contains("synthmix.wharehouse").contains("unknown key");

    Launcher.Result unknown = Launcher.runAsShipped("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown command").contains("ingest-real");

    Launcher.Result missing = Launcher.runAsShipped("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", tmp.resolve("none.jsonl").toString());
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.stderr()).contains("none.jsonl does not exist");
    assertThat(wh.resolve("docs_real")).doesNotExist();
    assertThat(wh.resolve("runs")).doesNotExist();
  }
}
