package dev.synthmix.jobs.commands;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.audit.AuditInputs;
import dev.synthmix.pipeline.config.DemoSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.config.SyntheticSettings;
import dev.synthmix.pipeline.generate.DemoAugmentation;
import dev.synthmix.pipeline.ingest.EmbeddedCorpus;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.Manifest;
import dev.synthmix.pipeline.lineage.ManifestReader;
import dev.synthmix.pipeline.report.ReportSettings;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nightly [--date YYYY-MM-DD]}: ingest the configured real sources and every new
 * augmentation set, then the audit stages, for one run date. A backfill (a date before today or
 * before the latest audited date) ingests nothing and audits the tables as of that date. Idempotent per date: the run id is
 * {@code nightly-<date>} unless set, documents are merged, sets already ingested are skipped, and
 * the date's derived outputs are replaced.
 */
final class NightlyCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(NightlyCommand.class);

  @Override
  public String name() {
    return "nightly";
  }

  @Override
  public String usage() {
    return "[--date YYYY-MM-DD]  ingest + audit for a run date (default today, UTC); exit code from the gates";
  }

  /** The run date given with --date, or null (then synthmix.run.date, else today, UTC). */
  static LocalDate runDate(String command, Args args) {
    String date = args.one("date");
    if (date == null) {
      return null;
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw SynthmixException.usage("Cannot run " + command + ": --date " + date + " is not YYYY-MM-DD");
    }
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("date"));
    args.noPositional();
    IngestSettings ingest = IngestSettings.from(config);
    SyntheticSettings synthetic = SyntheticSettings.from(config);
    DemoSettings demo = DemoSettings.from(config);
    AuditCommand.AuditStep audit = new AuditCommand.AuditStep(dev.synthmix.pipeline.audit.AuditSettings.from(config));
    ReportCommand.Step report = new ReportCommand.Step(ReportSettings.from(config));
    boolean embedded;
    try {
      embedded = config.getBoolean("synthmix.nightly.embedded-demo");
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
    if (ingest.sources().isEmpty() && !embedded) {
      throw SynthmixException.usage("Cannot run nightly: no real sources. List them under " + IngestSettings.SOURCES
          + ", or set synthmix.nightly.embedded-demo = true for the embedded corpus");
    }
    LocalDate date = runDate(name(), args);
    return new Prepared() {
      @Override
      public boolean writes() {
        return true;
      }

      @Override
      public java.util.Optional<LocalDate> runDate() {
        return java.util.Optional.ofNullable(date);
      }

      @Override
      public java.util.Optional<String> runId(LocalDate d) {
        return java.util.Optional.of("nightly-" + d);
      }

      @Override
      public String run(DeltaStore store, RunLedger ledger) {
        LocalDate day = ledger.context().runDate();
        if (AuditInputs.isBackfill(store, day, LocalDate.now(ZoneOffset.UTC))) {
          // Today's sources are not that date's data: nothing is ingested, and the audit reads the
          // table versions current at the end of the date (AuditStep decides the same way).
          LOG.info("nightly {} is a backfill (a past date, or before the latest audited date): no ingest", day);
          return "backfill, nothing ingested; " + ReportCommand.auditThenReport(audit, report, store, ledger);
        }
        var hadoop = store.spark().sparkContext().hadoopConfiguration();
        // Every manifest is read and checked before anything is written.
        List<Manifest> manifests = new ArrayList<>();
        for (String m : synthetic.manifests()) {
          manifests.add(ManifestReader.read(m, hadoop, synthetic.allowOutsidePaths()));
        }
        List<SourceSpec> sources = new ArrayList<>(ingest.sources());
        if (embedded) {
          sources.add(EmbeddedCorpus.install(store.root(), demo.sourceName(), hadoop, demo.corpusFraction()));
        }
        var sc = store.spark().sparkContext();
        IngestResult real = Stage.run(sc, ledger, "ingest-real", "ingest real sources",
            () -> RealIngest.run(store, ingest, sources, ledger), IngestResult::read, IngestResult::written);
        StringBuilder summary = new StringBuilder("real " + IngestRealCommand.summary(real));
        int made = 0;
        if (embedded) {
          made = DemoAugmentation.run(store, ingest, demo, ledger, true).size();
        }
        List<String> have = store.exists(Documents.SYNTHETIC_TABLE)
            ? store.read(Documents.SYNTHETIC_TABLE).select(col(Documents.SOURCE)).distinct()
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
            : List.of();
        int ingested = 0;
        int skipped = 0;
        for (Manifest m : manifests) {
          if (have.contains(m.setId())) {
            LOG.info("set {} is already in docs_synthetic: skipped", m.setId());
            skipped++;
            continue;
          }
          Stage.run(sc, ledger, "ingest-synthetic", "ingest set " + m.setId(),
              () -> SyntheticIngest.run(store, ingest, m, List.of(), null, ledger), IngestResult::read, IngestResult::written);
          ingested++;
        }
        summary.append("; synthetic sets: ").append(ingested).append(" ingested, ").append(skipped)
            .append(" already ingested").append(embedded ? ", " + made + " demo sets made" : "");
        // The audit throws a gate failure (exit 1) only after writing every output; the report
        // is written before it propagates.
        summary.append("; ").append(ReportCommand.auditThenReport(audit, report, store, ledger));
        return summary.toString();
      }
    };
  }
}
