package dev.synthmix.pipeline.store;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.schema.Scala;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/** Records a run in the {@code runs} table: a rerun with the same id replaces its row. */
public final class RunsTable {

  private RunsTable() {}

  public static void record(DeltaStore store, RunLedger ledger, String status, int exitCode, String message) {
    var ctx = ledger.context();
    // The runs table's own version is not in output_versions: it is written last, by this row.
    Map<String, Long> outputs = new java.util.TreeMap<>(ledger.outputVersions());
    outputs.remove(Runs.TABLE);
    Row row =
        RowFactory.create(
            ctx.runId(), ctx.command(), Date.valueOf(ctx.runDate()), Timestamp.from(ctx.startedAt()),
            Timestamp.from(Instant.now()), status, exitCode, message, ctx.gitSha(), ctx.settingsHash(),
            Scala.seq(ledger.generators()), Scala.map(ledger.inputVersions()), Scala.map(outputs),
            Scala.map(ledger.counts()));
    var rows = store.spark().createDataFrame(List.of(row), Runs.SCHEMA);
    store.create(Runs.TABLE, Runs.SCHEMA, Map.of("synthmix.description", "one row per run"), ledger);
    store.merge(Runs.TABLE, rows, List.of(Runs.RUN_ID), functions.lit(true), ledger, Map.of("operation", "record-run"));
  }
}
