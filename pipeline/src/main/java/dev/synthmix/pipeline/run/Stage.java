package dev.synthmix.pipeline.run;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named step of a run. It names the Spark job group (so the Spark UI and the console progress
 * bar say what runs) and, when closed, logs one line: rows in, rows out and seconds. Rows out are
 * the rows the step's Delta commits added or changed (from Delta's operation metrics, see {@link
 * RunLedger#written}); rows in are what the step was handed, when the caller knows it without an
 * extra scan.
 *
 * <pre>{@code
 * try (Stage stage = Stage.begin(sc, ledger, "audit-coverage", "coverage per category")) {
 *   stage.in(documents);
 *   ...
 * }
 * }</pre>
 */
public final class Stage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Stage.class);

  private final SparkContext sc;
  private final RunLedger ledger;
  private final String name;
  private final long startNanos;
  private final long writtenBefore;
  private long rowsIn = -1;
  private long rowsOut = -1;

  private Stage(SparkContext sc, RunLedger ledger, String name, String description) {
    this.sc = sc;
    this.ledger = ledger;
    this.name = name;
    this.writtenBefore = ledger.rowsWritten();
    sc.setJobGroup(name, ledger.context().command() + ": " + description, false);
    this.startNanos = System.nanoTime();
  }

  /** Starts a stage: the Spark job group is {@code name}, described as {@code description}. */
  public static Stage begin(SparkContext sc, RunLedger ledger, String name, String description) {
    return new Stage(sc, ledger, name, description);
  }

  /**
   * Runs {@code body} as a stage whose rows in and out are read off its result (e.g. an ingest's
   * read and written counts).
   */
  public static <T> T run(SparkContext sc, RunLedger ledger, String name, String description, Supplier<T> body,
      ToLongFunction<T> rowsIn, ToLongFunction<T> rowsOut) {
    try (Stage stage = begin(sc, ledger, name, description)) {
      T result = body.get();
      stage.in(rowsIn.applyAsLong(result)).out(rowsOut.applyAsLong(result));
      return result;
    }
  }

  /** The rows this stage was handed. */
  public Stage in(long rows) {
    this.rowsIn = rows;
    return this;
  }

  /** The rows this stage produced, when they are not (only) Delta commits, e.g. a generated set. */
  public Stage out(long rows) {
    this.rowsOut = rows;
    return this;
  }

  /** Seconds since the stage began. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    long committed = ledger.rowsWritten() - writtenBefore;
    String secs = String.format(Locale.ROOT, "%.1f", seconds());
    String in = rowsIn < 0 ? "-" : Long.toString(rowsIn);
    if (rowsOut < 0) {
      LOG.info("stage {}: {} rows in, {} rows out, {} s", name, in, committed, secs);
    } else {
      LOG.info("stage {}: {} rows in, {} rows out ({} committed), {} s", name, in, rowsOut, committed, secs);
    }
    sc.clearJobGroup();
  }
}
