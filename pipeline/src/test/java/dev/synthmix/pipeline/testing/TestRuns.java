package dev.synthmix.pipeline.testing;

import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import java.time.LocalDate;
import java.util.Optional;

/** Run contexts for tests. */
public final class TestRuns {

  private TestRuns() {}

  public static RunLedger ledger(String runId) {
    return new RunLedger(RunContext.start("test", Optional.of(runId), Optional.of(LocalDate.of(2026, 1, 2)), "test-sha", "test-hash"));
  }
}
