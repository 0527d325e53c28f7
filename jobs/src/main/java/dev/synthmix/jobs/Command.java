package dev.synthmix.jobs;

import com.typesafe.config.Config;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;

/** One command word of the jar. Parsing and settings are checked before Spark starts. */
public interface Command {

  String name();

  /** One line: arguments and what the command does. */
  String usage();

  /** Checks arguments and settings (throwing exit-2 errors) and returns the work to run. */
  Prepared prepare(List<String> args, Config config);

  /** Work that is ready to run on a session. */
  interface Prepared {
    /** True when the run writes tables and gets a row in {@code runs}. */
    boolean writes();

    /** The run date the command was given (e.g. nightly --date), if any; it wins over settings. */
    default java.util.Optional<java.time.LocalDate> runDate() {
      return java.util.Optional.empty();
    }

    /** A run id for the date when settings give none (e.g. nightly-2026-01-02), or empty to generate one. */
    default java.util.Optional<String> runId(java.time.LocalDate date) {
      return java.util.Optional.empty();
    }

    /**
     * Runs and returns the one-line summary in numbers. Data output (e.g. TSV) goes to
     * {@code System.out}; everything else is logged (stderr).
     */
    String run(DeltaStore store, RunLedger ledger);

    /** Work that writes tables (and so gets a row in {@code runs}). */
    static Prepared writing(java.util.function.BiFunction<DeltaStore, RunLedger, String> work) {
      return of(true, work);
    }

    /** Work that only reads. */
    static Prepared reading(java.util.function.BiFunction<DeltaStore, RunLedger, String> work) {
      return of(false, work);
    }

    private static Prepared of(boolean writes, java.util.function.BiFunction<DeltaStore, RunLedger, String> work) {
      return new Prepared() {
        @Override
        public boolean writes() {
          return writes;
        }

        @Override
        public String run(DeltaStore store, RunLedger ledger) {
          return work.apply(store, ledger);
        }
      };
    }
  }
}
