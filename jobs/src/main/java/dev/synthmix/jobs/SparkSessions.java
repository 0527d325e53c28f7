package dev.synthmix.jobs;

import dev.synthmix.pipeline.config.CommonSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a run. Settings given to spark-submit ({@code --conf}) win: the
 * defaults here only fill what is missing.
 */
public final class SparkSessions {

  private SparkSessions() {}

  public static SparkSession create(String appName, CommonSettings settings) {
    SparkConf conf = new SparkConf();
    setIfMissing(conf, "spark.master", "local[*]");
    setIfMissing(conf, "spark.app.name", appName);
    setIfMissing(conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfMissing(conf, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // Tables are addressed by path; the session catalog only holds per-session names (see sql).
    setIfMissing(conf, "spark.sql.warehouse.dir", settings.warehouse() + "/_catalog");
    if (conf.get("spark.master").startsWith("local")) {
      // 200 shuffle partitions cost more than they give on a laptop-sized local run.
      setIfMissing(conf, "spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
      // Delta rebuilds a table's snapshot in 50 tasks by default, at every read and commit of
      // every table: on one machine with small logs that is most of a run's time.
      setIfMissing(conf, "spark.databricks.delta.snapshotPartitions", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }
    settings.hadoop().forEach((k, v) -> setIfMissing(conf, "spark.hadoop." + k, v));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    return spark;
  }

  private static void setIfMissing(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
