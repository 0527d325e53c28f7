package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.audit.Audit;
import dev.synthmix.pipeline.audit.AuditInputs;
import dev.synthmix.pipeline.audit.AuditResult;
import dev.synthmix.pipeline.audit.AuditSettings;
import dev.synthmix.pipeline.gates.GateVerdict;
import dev.synthmix.pipeline.gates.Gates;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit}: coverage, diversity, duplicates, metrics history and quality gates for the current
 * tables (for a past run date: the tables as of that date); prints the verdicts (TSV on stdout) and exits 1 when a {@code fail} gate fails, after
 * every output is written.
 */
final class AuditCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(AuditCommand.class);

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public String usage() {
    return "coverage, diversity, duplicates, run_metrics and quality gates for the current tables (exit 1 if a gate fails)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args.parse(name(), argList, Set.of()).noPositional();
    AuditSettings settings = AuditSettings.from(config);
    AuditStep step = new AuditStep(settings);
    return Prepared.writing((store, ledger) -> {
      return step.run(store, ledger);
    });
  }

  /** The audit as a step of audit, nightly and demo. */
  static final class AuditStep {
    private final AuditSettings settings;

    AuditStep(AuditSettings settings) {
      this.settings = settings;
    }

    /**
     * Runs the audit, prints the verdicts, and throws a gate failure (exit 1) after all writes. A
     * run date before today (or before the latest audited date) is a backfill: it audits the table
     * versions current at the end of that date ({@link AuditInputs#asOf}), not the latest.
     */
    String run(DeltaStore store, RunLedger ledger) {
      LocalDate date = ledger.context().runDate();
      boolean backfill = AuditInputs.isBackfill(store, date, LocalDate.now(ZoneOffset.UTC));
      AuditInputs inputs = backfill ? AuditInputs.asOf(store, date) : AuditInputs.latest();
      AuditResult r = Audit.run(store, settings, ledger, inputs);
      printVerdicts(r.verdicts(), System.out);
      String summary = (backfill ? "backfill of " + date + " from " + inputs.source() + "; " : "") + String.format("audit: %d documents (%d synthetic), %d metrics, %d anomalies, %d gates, %d not passed",
          r.documents(), r.syntheticDocuments(), r.metrics(), r.anomalies(), r.verdicts().size(), r.failed());
      for (GateVerdict v : r.verdicts()) {
        if (!v.passed()) {
          LOG.warn("{} gate: {}", v.severity().configName(), v.message());
        }
      }
      if (Gates.anyFailsRun(r.verdicts())) {
        String failed = r.verdicts().stream().filter(v -> !v.passed() && v.severity() == dev.synthmix.pipeline.gates.Severity.FAIL)
            .map(GateVerdict::message).collect(Collectors.joining("; "));
        throw new SynthmixException(ExitCode.GATE_FAILED, "quality gate failed (outputs written): " + failed);
      }
      return summary;
    }
  }

  static void printVerdicts(List<GateVerdict> verdicts, PrintStream out) {
    out.println("gate\tseverity\tstatus\tmetric\tcomparator\tthreshold\tobserved\tworst\tmessage");
    for (GateVerdict v : verdicts) {
      out.println(String.join("\t", v.name(), v.severity().configName(), v.status().label(), v.metric(),
          v.comparator().symbol(), String.valueOf(v.threshold()), v.observed() == null ? "" : String.valueOf(v.observed()),
          ResultPrinter.escape(String.valueOf(v.worstTags())), ResultPrinter.escape(v.message())));
    }
    out.flush();
  }
}
