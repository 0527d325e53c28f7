package dev.synthmix.pipeline.openlineage;

import dev.synthmix.pipeline.run.RunLedger;

/**
 * Tells a lineage backend that a run started and how it ended. A run calls {@link #start} once
 * and then exactly one of {@link #complete} (also when a gate failed: the outputs were written)
 * or {@link #fail}. Emitting never fails the run: a backend that cannot be reached is logged.
 */
public interface LineageEmitter extends AutoCloseable {

  /** The run started; the ledger holds its context (inputs are not known yet). */
  void start(RunLedger ledger);

  /** The run wrote its outputs; {@code quality} holds the audit's figures and gate verdicts. */
  void complete(RunLedger ledger, RunQuality quality);

  /** The run ended in an error; what it had read and written so far is in the ledger. */
  void fail(RunLedger ledger, String message, Throwable cause);

  /** Whether events go anywhere (so callers can skip gathering what they would carry). */
  boolean enabled();

  @Override
  void close();

  /** Emits nothing: lineage off. */
  LineageEmitter NONE = new LineageEmitter() {
    @Override
    public void start(RunLedger ledger) {}

    @Override
    public void complete(RunLedger ledger, RunQuality quality) {}

    @Override
    public void fail(RunLedger ledger, String message, Throwable cause) {}

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void close() {}
  };

  /** The emitter the settings ask for, datasets named under the warehouse URI by default. */
  static LineageEmitter of(LineageSettings settings, String warehouse) {
    return settings.enabled() ? OpenLineageEmitter.create(settings, warehouse) : NONE;
  }
}
