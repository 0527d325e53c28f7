package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.report.Report;
import dev.synthmix.pipeline.report.ReportSettings;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.store.DeltaStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code report [--date YYYY-MM-DD]}: the HTML report and data card of an audited run date (default
 * the latest) from the stored tables, under {@code synthmix.report.dir} (default the warehouse's
 * {@code reports/}). Writes no table.
 */
final class ReportCommand implements Command {

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String usage() {
    return "[--date YYYY-MM-DD]  report.html, datacard.json and datacard.md of an audited date (default the latest)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("date"));
    args.noPositional();
    LocalDate date = NightlyCommand.runDate(name(), args);
    Step step = new Step(ReportSettings.from(config));
    // The report command's own ledger names another run than the audited one, so the loader reads
    // that run's row from the runs table.
    return Prepared.reading((store, ledger) -> step.write(store, date, ledger));
  }

  /** The report as a step of demo and nightly: the run's own date, with the run in progress. */
  static final class Step {
    private final ReportSettings settings;

    Step(ReportSettings settings) {
      this.settings = settings;
    }

    String folder(DeltaStore store, RunLedger ledger) {
      return settings.folder(store.root(), ledger.context().runDate());
    }

    String run(DeltaStore store, RunLedger ledger) {
      return write(store, ledger.context().runDate(), ledger);
    }

    String write(DeltaStore store, LocalDate date, RunLedger current) {
      Report.Written w;
      try (Stage stage = Stage.begin(store.spark().sparkContext(), current, "report", "HTML report and data card")) {
        w = Report.write(store, settings, date, current);
      }
      return "report " + w.runDate() + ": " + w.files().size() + " files in " + w.folder();
    }
  }

  /**
   * Runs the audit, then the report, also when a gate failed (the audit has written its outputs
   * by then): the report is what people read to see why. The gate failure is then rethrown.
   */
  static String auditThenReport(AuditCommand.AuditStep audit, Step report, DeltaStore store, RunLedger ledger) {
    String audited;
    try {
      audited = audit.run(store, ledger);
    } catch (SynthmixException e) {
      if (e.exitCode() == ExitCode.GATE_FAILED) {
        report.run(store, ledger);
      }
      throw e;
    }
    return audited + "; " + report.run(store, ledger);
  }
}
