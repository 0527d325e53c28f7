package dev.synthmix.pipeline.openlineage;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's lineage, as the entrypoint sees it: {@link #start} when the run starts, then {@link
 * #completed} or {@link #failed} once (a second end is ignored), then {@link #close}.
 */
public final class RunLineage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLineage.class);

  private final LineageEmitter emitter;
  private final RunLedger ledger;
  private boolean ended;

  RunLineage(LineageEmitter emitter, RunLedger ledger) {
    this.emitter = emitter;
    this.ledger = ledger;
  }

  /** Emits START (when lineage is on) and returns the run's lineage. */
  public static RunLineage start(LineageSettings settings, String warehouse, RunLedger ledger) {
    return start(LineageEmitter.of(settings, warehouse), ledger);
  }

  static RunLineage start(LineageEmitter emitter, RunLedger ledger) {
    emitter.start(ledger);
    return new RunLineage(emitter, ledger);
  }

  /** The run wrote its outputs (a failed gate included): COMPLETE with the audit's figures. */
  public void completed(DeltaStore store) {
    if (ended) {
      return;
    }
    ended = true;
    RunQuality quality = RunQuality.NONE;
    if (emitter.enabled() && store != null) {
      try {
        quality = RunQuality.read(store, ledger);
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the run's metrics and gate verdicts for its lineage event: {}; sent without them",
            e.getMessage());
      }
    }
    emitter.complete(ledger, quality);
  }

  /** The run ended in an error: FAIL with the message and the cause's stack trace. */
  public void failed(String message, Throwable cause) {
    if (ended) {
      return;
    }
    ended = true;
    emitter.fail(ledger, message, cause);
  }

  @Override
  public void close() {
    emitter.close();
  }
}
