package dev.synthmix.pipeline.store;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse: Delta tables under one root, each write tagged with the run (commit user
 * metadata) and each table with {@code synthmix.*} properties. The only place that writes tables.
 */
public final class DeltaStore {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaStore.class);

  /** Session setting Delta reads for the user metadata of the next commit (MERGE, SQL). */
  static final String USER_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";

  public static final String PROPERTY_PREFIX = "synthmix.";

  private final SparkSession spark;
  private final String root;

  public DeltaStore(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(String table) {
    return root + "/" + table;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table's latest version, empty when it does not exist. */
  public Optional<Long> version(String table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(DeltaTable.forPath(spark, path(table)).history(1).first().<Long>getAs("version"));
  }

  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  public Dataset<Row> read(String table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /** Delta history, newest first. */
  public Dataset<Row> history(String table) {
    return DeltaTable.forPath(spark, path(table)).history();
  }

  /** Creates the table with its schema and properties when it does not exist yet. */
  public void create(String table, StructType schema, Map<String, String> properties, RunLedger ledger) {
    if (exists(table)) {
      return;
    }
    Map<String, String> props = new TreeMap<>(properties);
    props.put(PROPERTY_PREFIX + "table", table);
    props.put(PROPERTY_PREFIX + "created-by-run", ledger.context().runId());
    withMetadata(ledger, table, Map.of("operation", "create"), () -> {
      var builder = DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(schema);
      for (var e : props.entrySet()) {
        checkProperty(e.getKey());
        builder = builder.property(e.getKey(), e.getValue());
      }
      builder.execute();
      return null;
    });
    LOG.info("created table {} at {}", table, path(table));
  }

  /**
   * Upserts {@code source} on {@code keys}: new rows are inserted, rows whose {@code changedWhen}
   * holds are replaced, the rest left alone, so rerunning the same input changes nothing.
   *
   * @return the version written
   */
  public long merge(String table, Dataset<Row> source, List<String> keys, Column changedWhen, RunLedger ledger,
      Map<String, Object> metadata) {
    Column on = functions.lit(true);
    for (String k : keys) {
      on = on.and(functions.col("t." + k).equalTo(functions.col("s." + k)));
    }
    Column cond = on;
    return write(table, ledger, metadata, () -> {
      var merge = DeltaTable.forPath(spark, path(table)).as("t").merge(source.as("s"), cond);
      if (changedWhen != null) {
        merge = merge.whenMatched(changedWhen).updateAll();
      }
      merge.whenNotMatched().insertAll().execute();
      return null;
    });
  }

  /** Appends {@code rows}; returns the version written. */
  public long append(String table, Dataset<Row> rows, RunLedger ledger, Map<String, Object> metadata) {
    return write(table, ledger, metadata, () -> {
      rows.write().format("delta").mode("append").save(path(table));
      return null;
    });
  }

  /**
   * Replaces the rows matching {@code predicate} (e.g. one run's or one date's rows) with
   * {@code rows} in one commit: an idempotent rerun.
   */
  public long replaceWhere(String table, Dataset<Row> rows, String predicate, RunLedger ledger,
      Map<String, Object> metadata) {
    return write(table, ledger, metadata, () -> {
      rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(path(table));
      return null;
    });
  }

  /** Current {@code synthmix.*} table properties. */
  public Map<String, String> properties(String table) {
    Map<String, String> out = new TreeMap<>();
    Map<String, String> all = DeltaTable.forPath(spark, path(table)).detail().select("properties").first().getJavaMap(0);
    all.forEach((k, v) -> {
      if (k.startsWith(PROPERTY_PREFIX)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Sets {@code synthmix.*} properties, committing only when one changes. */
  public void setProperties(String table, Map<String, String> properties, RunLedger ledger) {
    Map<String, String> current = properties(table);
    Map<String, String> changed = new TreeMap<>();
    properties.forEach((k, v) -> {
      checkProperty(k);
      if (!v.equals(current.get(k))) {
        changed.put(k, v);
      }
    });
    if (changed.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("ALTER TABLE delta.`").append(path(table).replace("`", "``"))
        .append("` SET TBLPROPERTIES (");
    String sep = "";
    for (var e : changed.entrySet()) {
      sql.append(sep).append(quote(e.getKey())).append(" = ").append(quote(e.getValue()));
      sep = ", ";
    }
    sql.append(")");
    write(table, ledger, Map.of("operation", "set-properties"), () -> spark.sql(sql.toString()));
  }

  private long write(String table, RunLedger ledger, Map<String, Object> metadata, Supplier<Object> action) {
    withMetadata(ledger, table, metadata, action);
    Row last = DeltaTable.forPath(spark, path(table)).history(1).first();
    long version = last.<Long>getAs("version");
    ledger.output(table, version);
    ledger.written(table, rowsWritten(last.getJavaMap(last.fieldIndex("operationMetrics"))));
    return version;
  }

  /**
   * Rows a commit added or changed, from Delta's own operation metrics (no extra scan): inserted +
   * updated for a MERGE (its numOutputRows also counts unchanged rows it copied), else the rows
   * written.
   */
  static long rowsWritten(Map<String, String> metrics) {
    if (metrics == null) {
      return 0;
    }
    if (metrics.containsKey("numTargetRowsInserted")) {
      return Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"))
          + Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
    }
    return Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
  }

  private void withMetadata(RunLedger ledger, String table, Map<String, Object> metadata, Supplier<Object> action) {
    String json = CommitMetadata.json(ledger, table, metadata);
    spark.conf().set(USER_METADATA_CONF, json);
    try {
      action.get();
    } catch (RuntimeException e) {
      if (e instanceof SynthmixException) {
        throw e;
      }
      throw new SynthmixException(ExitCode.FAILURE,
          "Cannot write table " + table + " at " + path(table) + ": " + e.getMessage(), e);
    } finally {
      spark.conf().unset(USER_METADATA_CONF);
    }
  }

  private static void checkProperty(String key) {
    if (!key.startsWith(PROPERTY_PREFIX)) {
      throw new IllegalArgumentException("table properties of synthmix start with " + PROPERTY_PREFIX + ": " + key);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
