package dev.synthmix.pipeline.openlineage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import dev.synthmix.pipeline.audit.Audit;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.GateVerdictsTable;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The audit's figures and gate verdicts of one run, as lineage reports them: read back from the
 * {@code run_metrics} and {@code gate_verdicts} versions the run wrote (empty when it wrote none).
 *
 * @param metrics one entry per metric name, over its tag combinations
 * @param assertions one entry per gate
 */
public record RunQuality(List<Metric> metrics, List<Assertion> assertions) {

  public static final RunQuality NONE = new RunQuality(List.of(), List.of());

  /** A metric over the rows (tag combinations) the run stored for it. */
  public record Metric(String name, long rows, double min, double max, double sum) {}

  /** A gate's verdict: {@code assertion} names the gate and its rule. */
  public record Assertion(String assertion, boolean success, String metric) {}

  public boolean isEmpty() {
    return metrics.isEmpty() && assertions.isEmpty();
  }

  /** What the run wrote to run_metrics and gate_verdicts, at the versions it wrote. */
  public static RunQuality read(DeltaStore store, RunLedger ledger) {
    String runId = ledger.context().runId();
    Long metricsVersion = ledger.outputVersions().get(Audit.RUN_METRICS);
    Long verdictsVersion = ledger.outputVersions().get(GateVerdictsTable.TABLE);
    List<Metric> metrics = List.of();
    if (metricsVersion != null) {
      metrics = store.read(Audit.RUN_METRICS, metricsVersion)
          .where(col(DatedOutputs.RUN_ID).equalTo(runId))
          .groupBy(RunMetricsTable.METRIC)
          .agg(count("*"), min(RunMetricsTable.VALUE), max(RunMetricsTable.VALUE), sum(RunMetricsTable.VALUE))
          .orderBy(RunMetricsTable.METRIC)
          .collectAsList().stream()
          .map(r -> new Metric(r.getString(0), r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)))
          .toList();
    }
    List<Assertion> assertions = List.of();
    if (verdictsVersion != null) {
      assertions = store.read(GateVerdictsTable.TABLE, verdictsVersion)
          .where(col(DatedOutputs.RUN_ID).equalTo(runId))
          .select(GateVerdictsTable.GATE, GateVerdictsTable.METRIC, GateVerdictsTable.COMPARATOR,
              GateVerdictsTable.THRESHOLD, GateVerdictsTable.SEVERITY, GateVerdictsTable.PASSED)
          .orderBy(GateVerdictsTable.GATE)
          .collectAsList().stream()
          .map(RunQuality::assertion)
          .toList();
    }
    return new RunQuality(metrics, assertions);
  }

  private static Assertion assertion(Row r) {
    String rule = r.getString(0) + ": " + r.getString(1) + " " + r.getString(2) + " " + r.get(3) + " (" + r.getString(4) + ")";
    return new Assertion(rule, !r.isNullAt(5) && r.getBoolean(5), r.getString(1));
  }
}
