package dev.synthmix.pipeline.store;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import java.nio.file.Files;
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

/** The commit files read directly agree with Delta's own history, version by version. */
class CommitFilesTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.StringType, false).add("v", DataTypes.LongType, false);

  @TempDir static Path tmp;
  static DeltaStore store;
  static List<Long> written;

  @BeforeAll
  static void start() {
    SPARK.start();
    store = new DeltaStore(SPARK.spark(), tmp.resolve("wh").toString());
    RunLedger a = TestRuns.ledger("run-a");
    RunLedger b = TestRuns.ledger("run-b");
    store.create("t", SCHEMA, Map.of(), a);
    long v1 = store.append("t", rows(RowFactory.create("x", 1L), RowFactory.create("y", 2L)), a, Map.of("step", "one"));
    long v2 = store.replaceWhere("t", rows(RowFactory.create("x", 3L)), "k = 'x'", b, Map.of("step", "two"));
    long v3 = store.merge("t", rows(RowFactory.create("y", 5L), RowFactory.create("z", 6L)), List.of("k"),
        col("t.v").notEqual(col("s.v")), a, Map.of("step", "three"));
    written = List.of(v1, v2, v3);
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static Dataset<Row> rows(Row... rows) {
    return SPARK.spark().createDataFrame(List.of(rows), SCHEMA);
  }

  static CommitFiles files() {
    return new CommitFiles(SPARK.spark().sparkContext().hadoopConfiguration());
  }

  @Test
  void everyVersionReadsAsDeltaHistoryReportsIt() {
    List<Row> history = store.history("t").select("version", "userMetadata", "operationMetrics").collectAsList();
    assertThat(history).hasSize(4);
    for (Row h : history) {
      CommitFiles.Commit c = files().read(store.path("t"), h.getLong(0)).orElseThrow();
      assertThat(c.version()).isEqualTo(h.getLong(0));
      assertThat(c.userMetadata()).as("user metadata of version %s", h.getLong(0)).isEqualTo(h.getString(1));
      Map<String, String> metrics = h.isNullAt(2) ? Map.of() : h.getJavaMap(2);
      assertThat(c.operationMetrics()).as("metrics of version %s", h.getLong(0)).isEqualTo(metrics);
    }
    assertThat(files().latestVersion(store.path("t")).getAsLong()).isEqualTo(history.get(0).getLong(0));
  }

  @Test
  void eachWriteReturnsItsOwnVersionAndCountsItsRows() {
    assertThat(written).containsExactly(1L, 2L, 3L);
    assertThat(store.version("t")).contains(3L);
    Map<String, String> merge = store.operationMetrics("t", 3);
    assertThat(merge).containsEntry("numTargetRowsInserted", "1").containsEntry("numTargetRowsUpdated", "1");
    assertThat(files().read(store.path("t"), 2).orElseThrow().userMetadata()).contains("run-b").contains("two");
  }

  @Test
  void aMissingTableOrVersionIsEmpty() throws Exception {
    assertThat(files().latestVersion(store.path("none"))).isEmpty();
    assertThat(files().read(store.path("t"), 99)).isEmpty();
    assertThat(store.version("none")).isEmpty();
    Path stray = tmp.resolve("stray");
    Files.createDirectories(stray.resolve("_delta_log"));
    assertThat(files().latestVersion(stray.toUri().toString())).isEmpty();
  }

  @Test
  void aWarehouseGivenAsAFileUriWritesItsTables() {
    DeltaStore uri = new DeltaStore(SPARK.spark(), tmp.resolve("wh-uri").toUri().toString());
    RunLedger a = TestRuns.ledger("run-uri");
    uri.create("t", SCHEMA, Map.of(), a);
    assertThat(uri.append("t", rows(RowFactory.create("x", 1L)), a, Map.of())).isEqualTo(1L);
    assertThat(uri.read("t").count()).isEqualTo(1L);
  }
}
