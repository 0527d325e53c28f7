package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar through scripts/synthmix with OpenLineage on (the client and its relocated
 * dependencies load beside Spark's own), and maintain on the warehouse it wrote.
 */
class LineageIT {

  @TempDir Path tmp;

  @Test
  void ingestEmitsStartAndCompleteWithTheVersionWrittenAndMaintainKeepsIt() throws Exception {
    Path in = tmp.resolve("corpus.jsonl");
    Files.writeString(in, "{\"id\":\"1\",\"text\":\"The first document.\",\"category\":\"a\"}\n"
        + "{\"id\":\"2\",\"text\":\"The second document.\",\"category\":\"b\"}\n");
    Path wh = tmp.resolve("wh");
    Path events = tmp.resolve("lineage/events.jsonl");

    Launcher.Result ingest = Launcher.run("-Dsynthmix.warehouse=" + wh, "-Dsynthmix.openlineage.enabled=true",
        "-Dsynthmix.openlineage.file-path=" + events, "-Dsynthmix.openlineage.http-api-key=not-to-be-printed",
        "ingest-real", "--input", in.toString());

    assertThat(ingest.exitCode()).as(ingest.stderr()).isZero();
    assertThat(ingest.stderr()).doesNotContain("not-to-be-printed").contains("OpenLineage COMPLETE event");
    List<RunEvent> parsed = Files.readAllLines(events, StandardCharsets.UTF_8).stream()
        .map(OpenLineageClientUtils::runEventFromJson).toList();
    assertThat(parsed).extracting(RunEvent::getEventType).containsExactly(EventType.START, EventType.COMPLETE);
    RunEvent complete = parsed.get(1);
    assertThat(complete.getJob().getName()).isEqualTo("ingest-real");
    assertThat(complete.getOutputs()).extracting(d -> d.getName())
        .contains("docs_real", "runs");
    assertThat(complete.getOutputs()).allSatisfy(d -> {
      assertThat(d.getNamespace()).startsWith("file:").endsWith("/wh");
      assertThat(d.getFacets().getVersion().getDatasetVersion()).matches("\\d+");
    });

    // A MERGE may leave an uncommitted file of an empty task beside the committed ones: those
    // orphans are what a zero-hour VACUUM deletes, and all it may delete.
    long orphans = dataFiles(wh.resolve("docs_real")).size() - committedFiles(wh.resolve("docs_real")).size();
    Launcher.Result maintain = Launcher.run("-Dsynthmix.warehouse=" + wh, "-Dsynthmix.maintain.optimize=false",
        "maintain", "--retention", "0h", "--table", "docs_real");
    assertThat(maintain.exitCode()).as(maintain.stderr()).isZero();
    // stdout is the TSV alone: Delta's own "Deleted n files" line goes to stderr.
    assertThat(maintain.stdout()).isEqualTo("docs_real\t1\t0.00\t-\t" + orphans + "\n");
    assertThat(maintain.stderr()).contains("maintain: 1 tables");
    assertThat(dataFiles(wh.resolve("docs_real"))).containsExactlyInAnyOrderElementsOf(
        committedFiles(wh.resolve("docs_real")));
  }

  private static List<String> dataFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
    }
  }

  /** The data files the table's log adds and never removes (no checkpoint: the log is a handful of commits). */
  private static Set<String> committedFiles(Path table) throws IOException {
    Pattern add = Pattern.compile("\\{\"add\":\\{\"path\":\"([^\"]+)\"");
    Pattern remove = Pattern.compile("\\{\"remove\":\\{\"path\":\"([^\"]+)\"");
    Set<String> live = new TreeSet<>();
    try (Stream<Path> commits = Files.list(table.resolve("_delta_log"))) {
      for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(commit, StandardCharsets.UTF_8)) {
          add.matcher(line).results().forEach(m -> live.add(m.group(1)));
          remove.matcher(line).results().forEach(m -> live.remove(m.group(1)));
        }
      }
    }
    return live;
  }
}
