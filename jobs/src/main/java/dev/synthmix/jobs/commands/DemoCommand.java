package dev.synthmix.jobs.commands;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.config.DemoSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.generate.DemoAugmentation;
import dev.synthmix.pipeline.ingest.EmbeddedCorpus;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.report.ReportSettings;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demo}: the embedded corpus end to end: real ingest, the demo generators and their
 * synthetic ingest, then the training mix per category and origin on stdout.
 */
final class DemoCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String usage() {
    return "the embedded State of the Union corpus end to end (warehouse: synthmix.warehouse)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args.parse(name(), argList, Set.of()).noPositional();
    IngestSettings settings = IngestSettings.from(config);
    DemoSettings demo = DemoSettings.from(config);
    AuditCommand.AuditStep audit = new AuditCommand.AuditStep(dev.synthmix.pipeline.audit.AuditSettings.from(config));
    ReportCommand.Step report = new ReportCommand.Step(ReportSettings.from(config));
    return Prepared.writing((store, ledger) -> {
      LOG.info("demo warehouse: {}", store.root());
      SourceSpec corpus = EmbeddedCorpus.install(store.root(), demo.sourceName(), store.spark().sparkContext().hadoopConfiguration(),
          demo.corpusFraction());
      IngestResult real = Stage.run(store.spark().sparkContext(), ledger, "ingest-real", "ingest the embedded corpus",
          () -> RealIngest.run(store, settings, List.of(corpus), ledger), IngestResult::read, IngestResult::written);
      List<DemoAugmentation.MadeSet> sets = DemoAugmentation.run(store, settings, demo, ledger);

      Dataset<Row> mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE), store.read(Documents.SYNTHETIC_TABLE));
      printMix(mix);
      String audited;
      try {
        audited = ReportCommand.auditThenReport(audit, report, store, ledger);
      } catch (dev.synthmix.pipeline.SynthmixException e) {
        if (e.exitCode() != dev.synthmix.pipeline.ExitCode.GATE_FAILED) {
          throw e;
        }
        // The demo's sets are built to show leakage and collapse: failed gates are its findings,
        // shown in the report written before the failure propagated.
        audited = "audit: " + e.getMessage() + "; report written under " + report.folder(store, ledger);
      }
      long synthetic = sets.stream().mapToLong(s -> s.ingest().written()).sum();
      return "demo: real " + IngestRealCommand.summary(real) + "; " + sets.size() + " synthetic sets, "
          + synthetic + " synthetic documents written ("
          + String.join(", ", sets.stream().map(s -> s.setId() + " " + s.ingest().written()).toList())
          + "); " + audited + "; warehouse " + store.root();
    });
  }

  /** Per category: real documents and synthetic documents per set (TSV on stdout). */
  private static void printMix(Dataset<Row> mix) {
    Dataset<Row> table = mix
        .withColumn("column", org.apache.spark.sql.functions.when(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL), lit("real"))
            .otherwise(col(TrainingMix.SOURCE)))
        .groupBy(col(TrainingMix.CATEGORY).as("category"))
        .pivot("column")
        .agg(count(lit(1)))
        .na().fill(0)
        .orderBy(col("real").desc(), col("category"));
    String[] cols = table.columns();
    String[] ordered = new String[cols.length];
    ordered[0] = "category";
    ordered[1] = "real";
    int i = 2;
    for (String c : cols) {
      if (!c.equals("category") && !c.equals("real")) {
        ordered[i++] = c;
      }
    }
    ResultPrinter.print(table.select(ordered[0], java.util.Arrays.copyOfRange(ordered, 1, ordered.length)), ResultPrinter.Format.TSV, System.out);
  }
}
