package dev.synthmix.pipeline.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.RunsTable;
import dev.synthmix.pipeline.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** maintain on real Delta tables: referenced versions stay readable, the rest is vacuumed. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  /**
   * The product's margin. No test here waits for real time: VACUUM compares Delta's wall-clock
   * tombstones with its own clock, read some seconds after maintain planned (minutes on a loaded
   * machine), so a test that needs "old enough" files would need sleeps longer than that lag. The
   * two halves are tested apart instead: with a reference, nothing it needs goes (whatever the
   * lag); without one, a retention of 0 vacuums what the current version no longer uses.
   */
  static final Duration MARGIN = Duration.ofHours(1);

  static final MaintainSettings SETTINGS = new MaintainSettings(Duration.ZERO, MARGIN, Duration.ZERO, false, true);

  /** One warehouse for the refusal (which changes nothing, so it runs first) and the kept versions. */
  static DeltaStore shared;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    SPARK.start();
    shared = new DeltaStore(SPARK.spark(), CommonSettings.toUri(tmp.resolve("wh").toString()));
    warehouse(shared);
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  static RunLedger ledger(String runId) {
    return new RunLedger(RunContext.start("test", Optional.of(runId), Optional.of(LocalDate.parse("2026-03-01")),
        "abc", "h"));
  }

  static Dataset<Row> rows(String... texts) {
    return SPARK.spark().createDataFrame(Stream.of(texts).map(t -> org.apache.spark.sql.RowFactory.create(t)).toList(),
        new org.apache.spark.sql.types.StructType().add("text", "string"));
  }

  static Set<String> dataFiles(DeltaStore store, String table) throws Exception {
    try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(store.path(table))))) {
      return files.filter(p -> p.toString().endsWith(".parquet")).map(Path::toString).collect(Collectors.toSet());
    }
  }

  /**
   * docs_real: v0 = {a} (replaced at v1, long before v2), v1 = {b}, v2 = {b, c}, v3 = {d}; a runs row
   * read v2.
   */
  static void warehouse(DeltaStore store) throws Exception {
    String path = store.path("docs_real");
    rows("a").write().format("delta").save(path);
    rows("b").write().format("delta").mode("overwrite").save(path);
    rows("c").write().format("delta").mode("append").save(path);
    rows("d").write().format("delta").mode("overwrite").save(path);
    RunLedger run = ledger("r-old");
    run.input("docs_real", 2);
    RunsTable.record(store, run, "ok", 0, "read docs_real@2");
  }

  static List<String> texts(DeltaStore store, long version) {
    return store.read("docs_real", version).orderBy("text").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  @Order(2)
  void keepsReferencedVersionsReadableAndSetsRetentionProperties() throws Exception {
    DeltaStore store = shared;
    Set<String> before = dataFiles(store, "docs_real");

    var optimizing = new MaintainSettings(Duration.ZERO, MARGIN, Duration.ZERO, true, true);
    var result = new Maintenance(store, optimizing, store.root() + "/reports")
        .execute(List.of("docs_real"), Optional.empty(), ledger("maintain-1"));

    assertThat(texts(store, 2)).as("the version the runs row read, by time travel").containsExactly("b", "c");
    assertThat(texts(store, 3)).containsExactly("d");
    assertThat(dataFiles(store, "docs_real")).as("within the referenced version's retention").isEqualTo(before);
    var docs = result.tables().get(0);
    assertThat(docs.filesDeleted()).isZero();
    assertThat(docs.oldest()).map(r -> r.version() + " " + r.referrer()).contains("2 runs row r-old (input)");
    Map<String, String> props = DeltaTable.forPath(SPARK.spark(), store.path("docs_real")).detail()
        .select("properties").first().getJavaMap(0);
    assertThat(props).containsEntry(Maintenance.LOG_RETENTION, "interval 720 hours")
        .as("retention = age of version 2 + the 1 h margin, in whole hours")
        .containsEntry(Maintenance.DELETED_FILE_RETENTION, "interval 2 hours");
  }

  @Test
  void withoutReferencesARetentionOfZeroVacuumsWhatTheCurrentVersionNoLongerUses() throws Exception {
    DeltaStore store = new DeltaStore(SPARK.spark(), CommonSettings.toUri(tmp.resolve("plain").toString()));
    String path = store.path("docs_real");
    rows("a").write().format("delta").save(path);
    Set<String> v0 = dataFiles(store, "docs_real");
    rows("b").write().format("delta").mode("overwrite").save(path);

    var result = new Maintenance(store, SETTINGS, store.root() + "/reports")
        .execute(List.of("docs_real"), Optional.of(Duration.ZERO), ledger("maintain-3"));

    assertThat(dataFiles(store, "docs_real")).as("v0's file, referenced by nothing").doesNotContainAnyElementsOf(v0);
    assertThat(result.tables().get(0).filesDeleted()).isEqualTo(v0.size());
    assertThat(texts(store, 1)).containsExactly("b");
    assertThat(SPARK.spark().sessionState().conf().contains(Maintenance.LISTING_PARALLELISM_CONF))
        .as("the listing parallelism chosen for VACUUM is not left in the session").isFalse();
  }

  @Test
  @Order(1)
  void aRetentionThatWouldDropAReferencedVersionIsRefusedNamingItAndChangesNothing() throws Exception {
    DeltaStore store = shared;
    Set<String> before = dataFiles(store, "docs_real");
    long version = store.version("docs_real").orElseThrow();

    assertThatThrownBy(() -> new Maintenance(store, SETTINGS, store.root() + "/reports")
        .execute(List.of(), Optional.of(Duration.ofSeconds(1)), ledger("maintain-2")))
        .isInstanceOfSatisfying(SynthmixException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_REFUSED))
        .hasMessageContaining("docs_real version 2 (referenced by runs row r-old (input))")
        .hasMessageContaining("Nothing was changed");
    assertThat(dataFiles(store, "docs_real")).isEqualTo(before);
    assertThat(store.version("docs_real")).contains(version);
    assertThatThrownBy(() -> MaintainSettings.parseDuration("--retention", "soon"))
        .hasMessageContaining("--retention 'soon'");
  }

  @Test
  void datedTablesArePartitionedByRunDateAndOlderUnpartitionedOnesAreMigrated() {
    DeltaStore store = new DeltaStore(SPARK.spark(), CommonSettings.toUri(tmp.resolve("dated").toString()));
    RunLedger run = ledger("r-1");
    DatedOutputs.write(store, "coverage", rows("x", "y"), run, "coverage");
    assertThat(partitions(store, "coverage")).containsExactly(DatedOutputs.RUN_DATE);

    // A dated table as releases before partitioning made it: same property, no partition column.
    var legacyRows = rows("p", "q").select(functions.lit("r-0").as(DatedOutputs.RUN_ID),
        functions.lit(java.sql.Date.valueOf("2026-02-01")).as(DatedOutputs.RUN_DATE), functions.col("text"));
    store.create("diversity", legacyRows.schema(), Map.of("synthmix.partitioning", "one slice per run_date"), run);
    store.append("diversity", legacyRows, run, Map.of());
    List<Row> legacy = store.read("diversity").collectAsList();
    assertThat(partitions(store, "diversity")).isEmpty();

    new Maintenance(store, SETTINGS, store.root() + "/reports").execute(List.of("diversity"), Optional.empty(), ledger("m"));

    assertThat(partitions(store, "diversity")).containsExactly(DatedOutputs.RUN_DATE);
    SPARK.assertSameRows(SPARK.spark().createDataFrame(legacy, legacyRows.schema()), store.read("diversity"));
    DatedOutputs.write(store, "diversity", rows("z"), ledger("r-2"), "diversity");
    assertThat(store.read("diversity").count()).as("2026-02-01 kept, 2026-03-01 added").isEqualTo(3);
  }

  @Test
  void settingsComeFromReferenceConf() {
    var s = MaintainSettings.from(SettingsLoader.load(SettingsLoader.parse("synthmix.maintain.retention = 36h")));
    assertThat(s.retention()).isEqualTo(Duration.ofHours(36));
    assertThat(s.horizon()).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> MaintainSettings.from(SettingsLoader.load(SettingsLoader.parse("synthmix.maintain.margin = -1h"))))
        .hasMessageContaining("synthmix.maintain.margin");
  }

  static List<String> partitions(DeltaStore store, String table) {
    return DeltaTable.forPath(SPARK.spark(), store.path(table)).detail().select("partitionColumns").first().getList(0);
  }
}
