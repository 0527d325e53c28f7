package dev.synthmix.pipeline.store;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.schema.Scala;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a run in the {@code runs} table: one row per attempt, so a retry of a run id keeps the
 * earlier attempt's row (its status, exit code and message) beside its own.
 */
public final class RunsTable {

  private static final Logger LOG = LoggerFactory.getLogger(RunsTable.class);

  private static final Map<String, String> DESCRIPTION = Map.of("synthmix.description", "one row per run attempt");

  private RunsTable() {}

  /** Records this run as the next attempt of its run id; returns the attempt number. */
  public static int record(DeltaStore store, RunLedger ledger, String status, int exitCode, String message) {
    var ctx = ledger.context();
    // The runs table's own version is not in output_versions: it is written last, by this row.
    Map<String, Long> outputs = new java.util.TreeMap<>(ledger.outputVersions());
    outputs.remove(Runs.TABLE);
    Map<String, Object> metadata = Map.of("operation", "record-run");
    // The first run of a warehouse creates the table with its row in one commit.
    var first = store.spark().createDataFrame(List.of(row(ledger, status, exitCode, message, outputs, 1)), Runs.SCHEMA);
    if (store.createWith(Runs.TABLE, first, List.of(), DESCRIPTION, ledger, metadata).isPresent()) {
      return 1;
    }
    store.create(Runs.TABLE, Runs.SCHEMA, DESCRIPTION, ledger);
    addAttemptColumn(store);
    int attempt = previousAttempts(store, ctx.runId()) + 1;
    var rows = store.spark().createDataFrame(List.of(row(ledger, status, exitCode, message, outputs, attempt)), Runs.SCHEMA);
    // MERGE on (run id, attempt): a commit retried after losing a concurrency check inserts once.
    store.merge(Runs.TABLE, rows, List.of(Runs.RUN_ID, Runs.ATTEMPT), null, ledger, metadata);
    if (attempt > 1) {
      LOG.info("run {}: attempt {} recorded; earlier attempts kept in {}", ctx.runId(), attempt, Runs.TABLE);
    }
    return attempt;
  }

  private static Row row(RunLedger ledger, String status, int exitCode, String message, Map<String, Long> outputs,
      int attempt) {
    var ctx = ledger.context();
    return RowFactory.create(
        ctx.runId(), ctx.command(), Date.valueOf(ctx.runDate()), Timestamp.from(ctx.startedAt()),
        Timestamp.from(Instant.now()), status, exitCode, message, ctx.gitSha(), ctx.settingsHash(),
        Scala.seq(ledger.generators()), Scala.map(ledger.inputVersions()), Scala.map(outputs),
        Scala.map(ledger.counts()), attempt);
  }

  /** Attempts already recorded for the run id; a row from before attempts were kept counts as 1. */
  static int previousAttempts(DeltaStore store, String runId) {
    Row r = store.read(Runs.TABLE).where(col(Runs.RUN_ID).equalTo(runId))
        .agg(max(coalesce(col(Runs.ATTEMPT), lit(1)))).first();
    return r.isNullAt(0) ? 0 : r.getInt(0);
  }

  /** A runs table written before attempts were kept gets the column (null on its old rows). */
  private static void addAttemptColumn(DeltaStore store) {
    if (Arrays.asList(store.read(Runs.TABLE).columns()).contains(Runs.ATTEMPT)) {
      return;
    }
    store.spark().sql("ALTER TABLE delta.`" + store.path(Runs.TABLE).replace("`", "``") + "` ADD COLUMNS ("
        + Runs.ATTEMPT + " INT COMMENT 'attempt of the run id, from 1')");
    LOG.info("{}: added column {} (earlier rows: null, read as attempt 1)", Runs.TABLE, Runs.ATTEMPT);
  }
}
