package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/driver-outcome.sh on fake standalone-master JSON (file:// URLs, no cluster): a cluster
 * deploy-mode run exits with the driver's outcome, not spark-submit's 0.
 */
class DriverOutcomeScriptTest {

  @TempDir Path tmp;

  /** The master's /json/ shape: driver objects start id, starttime, state, then a nested resources object. */
  private Path master(String activeState, String completedState) throws IOException {
    String json = "{\"url\":\"spark://127.0.0.1:7077\",\"workers\":[{\"id\":\"worker-1\",\"resources\":{}}],"
        + "\"aliveworkers\":2,\"activedrivers\":[" + driver("driver-20260115021500-0001", activeState) + "],"
        + "\"status\":\"ALIVE\",\n\"completeddrivers\":[" + driver("driver-20260115021500-0000", completedState) + "]}";
    return Files.writeString(tmp.resolve("master.json"), json);
  }

  private static String driver(String id, String state) {
    return state == null ? "" : "{\"id\":\"" + id + "\",\"starttime\":\"1\",\"state\":\"" + state
        + "\",\"cores\":1,\"memory\":768,\"resources\":{},\"submitdate\":\"x\",\"worker\":\"worker-1\"}";
  }

  private record Result(int code, String stderr) {}

  private static Result run(Path json, String driver, String... more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Launcher.root().resolve("scripts/driver-outcome.sh").toString(),
        json.toUri().toString(), driver));
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("SYNTHMIX_DRIVER_POLL_SECONDS", "0");
    pb.environment().put("SYNTHMIX_DRIVER_POLL_MAX", "3");
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), err);
  }

  @Test
  void aFinishedDriverExitsZeroAndAFailedOneNonZeroWithSynthmixsCodeWhenItsStderrIsGiven() throws Exception {
    Path json = master("RUNNING", "FAILED");
    assertThat(run(json, "driver-20260115021500-0000").code()).as("FAILED, code unknown: 4").isEqualTo(4);
    Path stderr = Files.writeString(tmp.resolve("stderr"),
        "Exception in thread \"main\" dev.synthmix.jobs.Main$SynthmixExit: synthmix exit code 1\n");
    Result gate = run(json, "driver-20260115021500-0000", stderr.toString());
    assertThat(gate.code()).as("a gate failed on the driver").isEqualTo(1);
    assertThat(gate.stderr()).contains("FAILED with synthmix exit code 1");

    assertThat(run(master("FINISHED", null), "driver-20260115021500-0001").code()).isZero();
    assertThat(run(master("KILLED", null), "driver-20260115021500-0001").code()).isEqualTo(4);
  }

  @Test
  void aDriverStillRunningAfterTheLastPollOrUnknownToTheMasterIsAFailure() throws Exception {
    Result running = run(master("RUNNING", null), "driver-20260115021500-0001");
    assertThat(running.code()).isEqualTo(4);
    assertThat(running.stderr()).contains("still 'RUNNING' after 3 polls");
    Result unknown = run(master("RUNNING", null), "driver-19990101000000-0042");
    assertThat(unknown.code()).isEqualTo(4);
    assertThat(unknown.stderr()).contains("not found");
    assertThat(run(tmp.resolve("no-master.json"), "driver-20260115021500-0001").code()).as("master unreachable").isEqualTo(4);
  }
}
