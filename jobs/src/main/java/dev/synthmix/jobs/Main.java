package dev.synthmix.jobs;

import com.typesafe.config.Config;
import dev.synthmix.jobs.commands.Commands;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.SettingsCheck;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.openlineage.LineageSettings;
import dev.synthmix.pipeline.openlineage.RunLineage;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.CatalogSettings;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.RunsTable;
import dev.synthmix.pipeline.store.WarehouseCatalog;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jar's entrypoint: {@code <command> [args]}. Wires settings → session → pipeline → exit
 * code; the work itself lives in the pipeline module.
 *
 * <p>Exit codes (DESIGN.md): 0 ok, 1 gate failed, 2 usage/settings, 3 input refused, 4 failure.
 * In cluster deploy mode a non-zero result is thrown instead of {@code System.exit}, so the
 * cluster manager records the failure.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      if ("cluster".equals(System.getProperty("spark.submit.deployMode"))) {
        throw new SynthmixExit(code);
      }
      System.exit(code);
    }
  }

  /** Runs a command and returns its exit code; never exits the JVM. */
  public static int run(String[] args) {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      System.err.println(Commands.usage());
      return args.length == 0 ? ExitCode.USAGE.code() : 0;
    }
    String name = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    long t0 = System.nanoTime();
    Command.Prepared work;
    CommonSettings common;
    CatalogSettings catalog;
    LineageSettings lineageSettings;
    Config config;
    try {
      Command command = Commands.find(name);
      config = SettingsLoader.load();
      common = CommonSettings.from(config);
      catalog = CatalogSettings.from(config);
      SettingsCheck.all(config);
      lineageSettings = LineageSettings.from(config);
      work = command.prepare(rest, config);
    } catch (SynthmixException e) {
      LOG.error("{} (exit {})", e.getMessage(), e.exitCode().code());
      return e.exitCode().code();
    }
    LOG.info("synthmix {} settings:\n{}", name, SettingsLoader.renderMasked(config));

    SparkSession spark = null;
    RunLedger ledger = null;
    DeltaStore store = null;
    RunLineage lineage = null;
    try {
      spark = SparkSessions.create("synthmix " + name, common);
      store = new DeltaStore(spark, common.warehouse());
      if (work.writes()) {
        store.checkWritable(); // before any input is read: a run that cannot write should not start
      }
      java.time.LocalDate date = work.runDate().or(common::runDate).orElse(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
      RunContext ctx = RunContext.start(name, common.runId().or(() -> work.runId(date)), java.util.Optional.of(date),
          gitSha(), SettingsLoader.hash(config));
      ledger = new RunLedger(ctx);
      lineage = RunLineage.start(lineageSettings, common.warehouse(), ledger);
      if (work.writes()) {
        LOG.info("run {} ({}) on warehouse {}", ctx.runId(), ctx.runDate(), common.warehouse());
      }
      String summary = work.run(store, ledger);
      if (work.writes() && catalog.register()) {
        WarehouseCatalog.register(store, catalog.database());
      }
      if (work.writes()) {
        RunsTable.record(store, ledger, "ok", 0, summary);
      }
      lineage.completed(store);
      LOG.info("synthmix {}: {} ({} s)", name, summary, seconds(t0));
      return 0;
    } catch (SynthmixException e) {
      int code = e.exitCode().code();
      LOG.error("synthmix {} failed: {} (exit {}, {} s)", name, e.getMessage(), code, seconds(t0));
      if (e.exitCode() == ExitCode.FAILURE || e.exitCode() == ExitCode.GATE_FAILED) {
        LOG.debug("cause", e);
        recordFailure(store, ledger, work, e.exitCode() == ExitCode.GATE_FAILED ? "gate-failed" : "failed", code, e.getMessage());
      }
      if (lineage != null && e.exitCode() == ExitCode.GATE_FAILED) {
        lineage.completed(store); // a failed gate still wrote its outputs: COMPLETE, failed assertions
      } else if (lineage != null) {
        lineage.failed(e.getMessage(), e);
      }
      return code;
    } catch (Exception e) {
      // Spark's Scala exceptions (SparkException, AnalysisException) are checked to javac.
      LOG.error("synthmix " + name + " failed (exit 4, " + seconds(t0) + " s)", e);
      recordFailure(store, ledger, work, "failed", ExitCode.FAILURE.code(), String.valueOf(e.getMessage()));
      if (lineage != null) {
        lineage.failed(String.valueOf(e.getMessage()), e);
      }
      return ExitCode.FAILURE.code();
    } finally {
      if (lineage != null) {
        lineage.close();
      }
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** A failed run still gets its row in runs, when the warehouse can be written at all. */
  private static void recordFailure(DeltaStore store, RunLedger ledger, Command.Prepared work, String status,
      int code, String message) {
    if (store == null || ledger == null || !work.writes()) {
      return;
    }
    try {
      RunsTable.record(store, ledger, status, code, message);
    } catch (Exception e) {
      LOG.warn("could not record the failed run in the runs table: {}", e.getMessage());
    }
  }

  private static String gitSha() {
    String env = System.getenv("SYNTHMIX_GIT_SHA");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Package p = Main.class.getPackage();
    return p != null && p.getImplementationVersion() != null ? "version " + p.getImplementationVersion() : "unknown";
  }

  private static String seconds(long t0) {
    return String.format("%.1f", (System.nanoTime() - t0) / 1e9);
  }

  /** Thrown in cluster deploy mode so the cluster manager sees the run fail with its code. */
  public static final class SynthmixExit extends RuntimeException {
    public SynthmixExit(int code) {
      super("synthmix exit code " + code);
    }
  }
}
