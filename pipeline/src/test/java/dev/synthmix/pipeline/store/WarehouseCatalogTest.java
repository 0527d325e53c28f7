package dev.synthmix.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.testing.SparkTestSession;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables registered by name in the session's (in-memory) catalog. */
class WarehouseCatalogTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void everyTableIsReadableByQualifiedAndPlainNameWithTimeTravel() {
    SparkSession spark = SPARK.spark();
    DeltaStore store = new DeltaStore(spark, CommonSettings.toUri(tmp.resolve("wh").toString()));
    spark.range(3).write().format("delta").save(store.path("docs_real"));
    spark.range(5).write().format("delta").mode("append").save(store.path("docs_real"));
    spark.range(1).write().format("delta").save(store.path("runs"));

    assertThat(WarehouseCatalog.register(store, "mixdb")).containsExactly("docs_real", "runs");
    assertThat(spark.table("mixdb.docs_real").count()).isEqualTo(8);
    assertThat(spark.sql("select count(*) from docs_real VERSION AS OF 0").first().getLong(0))
        .as("plain name in the current database, time travel").isEqualTo(3);
    assertThat(spark.catalog().currentDatabase()).isEqualTo("mixdb");

    spark.range(2).write().format("delta").save(store.path("dup_rates"));
    assertThat(WarehouseCatalog.register(store, "mixdb")).as("registering again adds only the new table")
        .containsExactly("docs_real", "dup_rates", "runs");
    assertThat(spark.table("mixdb.dup_rates").count()).isEqualTo(2);
  }

  @Test
  void aNameAlreadyHeldForAnotherLocationIsRefusedNotRepointed() {
    SparkSession spark = SPARK.spark();
    DeltaStore first = new DeltaStore(spark, CommonSettings.toUri(tmp.resolve("first").toString()));
    DeltaStore second = new DeltaStore(spark, CommonSettings.toUri(tmp.resolve("second").toString()));
    spark.range(3).write().format("delta").save(first.path("docs_real"));
    spark.range(4).write().format("delta").save(second.path("docs_real"));
    WarehouseCatalog.register(first, "shared");

    assertThatThrownBy(() -> WarehouseCatalog.register(second, "shared"))
        .isInstanceOf(SynthmixException.class)
        .hasMessageContaining("Cannot register shared.docs_real: the catalog already has it at")
        .hasMessageContaining("synthmix.catalog.database");
    assertThat(spark.table("shared.docs_real").count()).as("still the first warehouse's table").isEqualTo(3);
  }
}
