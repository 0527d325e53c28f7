package dev.synthmix.pipeline.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.run.RunLedger;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a run's derived tables (dup_pairs, coverage, run_metrics, ...) as the run date's slice:
 * each row gets {@code run_id} and {@code run_date}, and the write replaces that date's rows in one
 * commit (Delta replaceWhere; a table's first write creates it with the slice), so rerunning a date — or backfilling an earlier one — yields the
 * same table contents without duplicates, and other dates stay as they were. A column added to
 * the rows is added to the table (additive migration); any other schema change still fails.
 */
public final class DatedOutputs {

  public static final String RUN_ID = "run_id";
  public static final String RUN_DATE = "run_date";

  private DatedOutputs() {}

  /** Adds run_id and run_date (first) and replaces the run date's rows; returns the version. */
  public static long write(DeltaStore store, String table, Dataset<Row> rows, RunLedger ledger, String description) {
    Date date = Date.valueOf(ledger.context().runDate());
    Column[] cols = new Column[rows.columns().length + 2];
    cols[0] = lit(ledger.context().runId()).as(RUN_ID);
    cols[1] = lit(date).as(RUN_DATE);
    String[] names = rows.columns();
    for (int i = 0; i < names.length; i++) {
      cols[i + 2] = col("`" + names[i] + "`");
    }
    Dataset<Row> tagged = rows.select(cols);
    if (Arrays.asList(names).contains(RUN_ID) || Arrays.asList(names).contains(RUN_DATE)) {
      throw new IllegalArgumentException(table + " rows must not carry run_id/run_date themselves");
    }
    store.spark().sparkContext().setJobDescription("write " + table);
    Map<String, Object> metadata = Map.of("operation", "write-" + table);
    // Partitioned by run_date: replacing one date's slice is then a partition replace. A new table
    // is created with its first slice in one commit.
    OptionalLong created = store.createWith(table, tagged, List.of(RUN_DATE), Map.of("synthmix.description",
        description, "synthmix.partitioning", "one slice per run_date, replaced by each run of that date"),
        ledger, metadata);
    if (created.isPresent()) {
      return created.getAsLong();
    }
    // Columns a newer release adds are added to the table (null on older dates): derived tables
    // then migrate on their first write instead of failing on a schema mismatch.
    return store.replaceWhere(table, tagged, RUN_DATE + " = DATE'" + date + "'", true, ledger, metadata);
  }

  /** The run date's rows of a dated table, without {@code run_id} and {@code run_date}. */
  public static Dataset<Row> slice(DeltaStore store, String table, LocalDate runDate) {
    return store.read(table).where(col(RUN_DATE).equalTo(lit(Date.valueOf(runDate)))).drop(RUN_ID, RUN_DATE);
  }
}
