package dev.synthmix.pipeline.schema;

/**
 * Columns of {@code gate_verdicts} (one row per gate per run date), as written by the audit; the
 * report reads them by these names.
 */
public final class GateVerdictsTable {

  private GateVerdictsTable() {}

  public static final String TABLE = "gate_verdicts";

  public static final String GATE = "gate";
  public static final String METRIC = "metric";
  public static final String COMPARATOR = "comparator";
  public static final String THRESHOLD = "threshold";
  /** The worst matching value; null when no row matched. */
  public static final String OBSERVED = "observed";
  /** Tags of the worst row. */
  public static final String WORST_TAGS = "worst_tags";
  public static final String MATCHED_ROWS = "matched_rows";
  public static final String FAILING_ROWS = "failing_rows";
  public static final String STATUS = "status";
  public static final String PASSED = "passed";
  public static final String SEVERITY = "severity";
  public static final String MESSAGE = "message";
}
