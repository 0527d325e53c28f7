package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    Launcher.Result maintain = Launcher.run("-Dsynthmix.warehouse=" + wh, "-Dsynthmix.maintain.optimize=false",
        "maintain", "--retention", "0h", "--table", "docs_real");
    assertThat(maintain.exitCode()).as(maintain.stderr()).isZero();
    // Delta's VACUUM prints its own "Deleted n files ..." line to stdout, before synthmix's TSV.
    assertThat(maintain.stdout()).containsPattern("(?m)^docs_real\t1\t0\\.00\t-\t0$");
    assertThat(maintain.stderr()).contains("maintain: 1 tables");
  }
}
