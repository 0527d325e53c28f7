package dev.synthmix.pipeline.run;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who is writing: the run's id, command and date, the code's git commit when known, and a hash of
 * the effective settings. Every Delta commit and every row a run writes carries the run id.
 */
public record RunContext(
    String runId, String command, LocalDate runDate, Instant startedAt, String gitSha, String settingsHash) {

  /** A new run; a configured id or date wins over the generated ones. */
  public static RunContext start(
      String command, Optional<String> runId, Optional<LocalDate> runDate, String gitSha, String settingsHash) {
    Instant now = Instant.now();
    String id =
        runId.orElseGet(
            () ->
                command + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
                    + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)));
    return new RunContext(
        id, command, runDate.orElse(LocalDate.now(ZoneOffset.UTC)), now, gitSha == null ? "unknown" : gitSha, settingsHash);
  }
}
