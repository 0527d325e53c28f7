package dev.synthmix.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dated table's first write creates it with its slice in one commit; later writes replace slices. */
class DatedOutputsTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.StringType, false).add("v", DataTypes.LongType, false);

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Dataset<Row> rows(Row... rows) {
    return SPARK.spark().createDataFrame(List.of(rows), SCHEMA);
  }

  @Test
  void aNewTableIsCreatedWithItsFirstSliceInOneCommitTaggedWithTheRun() throws Exception {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger run = TestRuns.ledger("run-1");
    long v = DatedOutputs.write(store, "t", rows(RowFactory.create("a", 1L), RowFactory.create("b", 2L)), run, "test rows");

    assertThat(v).isZero();
    List<Row> history = store.history("t").select("version", "operation", "userMetadata").collectAsList();
    assertThat(history).as("one commit").hasSize(1);
    Map<?, ?> meta = new ObjectMapper().readValue(history.get(0).getString(2), Map.class);
    assertThat(meta.get("run_id")).isEqualTo("run-1");
    assertThat(meta.get("operation")).isEqualTo("write-t");
    Row detail = DeltaTable.forPath(SPARK.spark(), store.path("t")).detail().first();
    assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns"))).containsExactly(DatedOutputs.RUN_DATE);
    assertThat(store.properties("t")).containsEntry("synthmix.description", "test rows")
        .containsEntry("synthmix.table", "t").containsEntry("synthmix.created-by-run", "run-1")
        .containsKey("synthmix.partitioning");
    assertThat(run.outputVersions()).containsEntry("t", 0L);
    assertThat(run.rowsWritten()).isEqualTo(2);
    assertThat(store.read("t").where("run_id = 'run-1'").count()).isEqualTo(2);
  }

  @Test
  void aRerunOfTheDateReplacesItsSlice() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger first = TestRuns.ledger("run-1");
    DatedOutputs.write(store, "t", rows(RowFactory.create("a", 1L), RowFactory.create("b", 2L)), first, "test rows");
    RunLedger again = TestRuns.ledger("run-2");
    long v = DatedOutputs.write(store, "t", rows(RowFactory.create("c", 3L)), again, "test rows");

    assertThat(v).isEqualTo(1);
    assertThat(again.rowsWritten()).isEqualTo(1);
    assertThat(store.read("t").collectAsList()).extracting(r -> r.getAs("k") + "@" + r.getAs("run_id"))
        .containsExactly("c@run-2");
    assertThat(store.properties("t")).as("properties of the creating run stay")
        .containsEntry("synthmix.created-by-run", "run-1");
  }

  @Test
  void creatingATableThatExistsWritesNothingAndSaysSo() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger run = TestRuns.ledger("run-1");
    store.create("t", SCHEMA, Map.of(), run);
    assertThat(store.createWith("t", rows(RowFactory.create("a", 1L)), List.of(), Map.of(), run, Map.of())).isEmpty();
    assertThat(store.read("t").count()).isZero();
    assertThat(store.version("t")).contains(0L);
  }

  @Test
  void theRunsTableRecordsAttemptsFromTheFirstRunOn() {
    DeltaStore store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger run = TestRuns.ledger("run-1");
    assertThat(RunsTable.record(store, run, "ok", 0, "first")).isEqualTo(1);
    assertThat(RunsTable.record(store, run, "ok", 0, "again")).isEqualTo(2);
    assertThat(RunsTable.record(store, TestRuns.ledger("run-2"), "failed", 1, "other")).isEqualTo(1);
    assertThat(store.read(Runs.TABLE).orderBy(Runs.RUN_ID, Runs.ATTEMPT).collectAsList())
        .extracting(r -> r.getAs(Runs.RUN_ID) + "#" + r.getAs(Runs.ATTEMPT) + ":" + r.getAs(Runs.MESSAGE))
        .containsExactly("run-1#1:first", "run-1#2:again", "run-2#1:other");
    assertThat(store.version(Runs.TABLE)).as("a create with the first row, then one commit per run").contains(2L);
  }
}
