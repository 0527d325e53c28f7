package dev.synthmix.pipeline.gates;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one gate.
 *
 * @param observed the worst matching row's value; null when no row matched
 * @param worstTags the worst row's non-null tags other than scope (category, generator, depth,
 *     origin); empty when no row matched
 * @param matchedRows rows of the metric that matched the gate's filter and were gated (rows skipped
 *     for min-documents left out, except in a {@code skipped} verdict, where all of them were)
 * @param failingRows of those, rows that failed the comparison
 * @param passed false when the gate failed, or had no data and counts that as failure
 */
public record GateVerdict(
    String name,
    String metric,
    Comparator comparator,
    double threshold,
    Double observed,
    Map<String, String> worstTags,
    long matchedRows,
    long failingRows,
    Status status,
    boolean passed,
    Severity severity,
    String message) {

  /** What the gate found. */
  public enum Status {
    PASSED("passed"),
    FAILED("failed"),
    NO_DATA("no-data"),
    /** Every matching row's group had fewer documents than the gate's min-documents. */
    SKIPPED("skipped");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The word used in reports: passed, failed, no-data, skipped. */
    public String label() {
      return label;
    }
  }

  public GateVerdict {
    worstTags = Collections.unmodifiableMap(new LinkedHashMap<>(worstTags));
  }

  /** True when this verdict fails the run: not passed, with severity {@code fail}. */
  public boolean failsRun() {
    return !passed && severity == Severity.FAIL;
  }
}
