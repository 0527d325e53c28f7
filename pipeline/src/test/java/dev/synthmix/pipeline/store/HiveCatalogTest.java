package dev.synthmix.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.config.CommonSettings;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a Hive metastore (embedded Derby under the test's folder), registered tables outlive the
 * session that registered them: a second session on the same metastore reads them by name, as
 * spark-sql, a Thrift server or a notebook would.
 */
class HiveCatalogTest {

  @TempDir static Path tmp;

  private static SparkSession hiveSession() {
    System.setProperty("derby.stream.error.file", tmp.resolve("derby.log").toString());
    return SparkSession.builder()
        .master("local[2]")
        .appName("hive-catalog-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", tmp.resolve("hive-warehouse").toUri().toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + tmp.resolve("metastore_db") + ";create=true")
        .getOrCreate();
  }

  @Test
  void tablesRegisteredInAHiveMetastoreAreReadableFromANewSession() {
    String warehouse = CommonSettings.toUri(tmp.resolve("wh").toString());
    SparkSession first = hiveSession();
    try {
      assertThat(first.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
      DeltaStore store = new DeltaStore(first, warehouse);
      first.range(7).write().format("delta").save(store.path("docs_real"));
      assertThat(WarehouseCatalog.register(store, "synthmix")).containsExactly("docs_real");
    } finally {
      first.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }

    SparkSession second = hiveSession();
    try {
      assertThat(second.catalog().tableExists("synthmix", "docs_real")).as("kept by the metastore").isTrue();
      assertThat(second.table("synthmix.docs_real").count()).isEqualTo(7);
    } finally {
      second.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
