package dev.synthmix.pipeline.store;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Scala;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
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

  /**
   * Attempts of one commit that loses Delta's optimistic concurrency check to another run. Every
   * write here is safe to redo: MERGE on keys, replaceWhere and property unions are recomputed
   * against the table as the winner left it, and a losing attempt committed nothing.
   */
  static final int COMMIT_ATTEMPTS = 4;

  private final SparkSession spark;
  private final String root;
  private final CommitFiles commits;

  public DeltaStore(SparkSession spark, String root) {
    this.spark = spark;
    // Hadoop's form of the root: Delta normalises file:///x to file:/x, and a CREATE TABLE whose
    // location is spelled the other way fails as naming two different locations.
    String normal = new org.apache.hadoop.fs.Path(root).toString();
    this.root = normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    this.commits = new CommitFiles(spark.sparkContext().hadoopConfiguration());
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
    OptionalLong latest = commits.latestVersion(path(table));
    if (latest.isPresent()) {
      return Optional.of(latest.getAsLong());
    }
    return Optional.of(DeltaTable.forPath(spark, path(table)).history(1).first().<Long>getAs("version"));
  }

  /**
   * Delta's operation metrics of one version (e.g. a MERGE's {@code numTargetRowsInserted}), read
   * from its commit file.
   */
  public Map<String, String> operationMetrics(String table, long version) {
    Optional<CommitFiles.Commit> commit = commits.read(path(table), version);
    if (commit.isPresent()) {
      return commit.get().operationMetrics();
    }
    Map<String, String> m = history(table).where(functions.col("version").equalTo(version))
        .select("operationMetrics").first().getJavaMap(0);
    return m == null ? Map.of() : m;
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
    create(table, schema, List.of(), properties, ledger);
  }

  /** As {@link #create(String, StructType, Map, RunLedger)}, partitioned by {@code partitionColumns}. */
  public void create(String table, StructType schema, List<String> partitionColumns, Map<String, String> properties,
      RunLedger ledger) {
    if (exists(table)) {
      return;
    }
    Map<String, String> props = creationProperties(table, properties, ledger);
    withMetadata(ledger, table, Map.of("operation", "create"), () -> {
      // Two runs may create the same table at once: the loser retries and finds it there.
      if (exists(table)) {
        return null;
      }
      var builder = DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(schema);
      if (!partitionColumns.isEmpty()) {
        builder = builder.partitionedBy(partitionColumns.toArray(new String[0]));
      }
      for (var e : props.entrySet()) {
        builder = builder.property(e.getKey(), e.getValue());
      }
      try {
        builder.execute();
      } catch (Exception e) { // Delta's AnalysisException is checked in Java but not declared
        // Another run creating the same table at this moment has made its log folder but not yet
        // its first commit, so Delta reports the table as missing: wait for that commit.
        if (!createdByAnother(table)) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
      }
      return null;
    });
    LOG.info("created table {} at {}", table, path(table));
  }

  /**
   * Creates {@code table} holding {@code rows}, with its partitioning and properties, in one commit
   * (CREATE TABLE AS SELECT): a table's first write then costs one commit instead of a create and
   * a write (about 1.2 s less each in local mode).
   *
   * @return the version written (0), or empty when the table exists already — e.g. another run
   *     created it first — in which case nothing was written and the caller writes as usual
   */
  public OptionalLong createWith(String table, Dataset<Row> rows, List<String> partitionColumns,
      Map<String, String> properties, RunLedger ledger, Map<String, Object> metadata) {
    if (exists(table)) {
      return OptionalLong.empty();
    }
    Map<String, String> props = creationProperties(table, properties, ledger);
    boolean[] lost = {false};
    withMetadata(ledger, table, metadata, () -> {
      var writer = rows.writeTo("delta.`" + path(table).replace("`", "``") + "`").using("delta");
      for (var e : props.entrySet()) {
        writer = writer.tableProperty(e.getKey(), e.getValue());
      }
      if (!partitionColumns.isEmpty()) {
        List<Column> more = partitionColumns.stream().skip(1).map(functions::col).toList();
        writer = writer.partitionedBy(functions.col(partitionColumns.get(0)), Scala.seq(more));
      }
      try {
        writer.create();
      } catch (Exception e) { // TableAlreadyExistsException is checked in Java but not declared
        if (!exists(table)) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        lost[0] = true; // another run's create won; this run's rows go in by the caller's write
      }
      return null;
    });
    if (lost[0]) {
      return OptionalLong.empty();
    }
    LOG.info("created table {} at {} with its first rows", table, path(table));
    return OptionalLong.of(recordCommit(table, ledger, metadata));
  }

  /** {@code properties} (checked to be {@code synthmix.*}) plus the table's name and creating run. */
  private static Map<String, String> creationProperties(String table, Map<String, String> properties, RunLedger ledger) {
    Map<String, String> props = new TreeMap<>(properties);
    props.put(PROPERTY_PREFIX + "table", table);
    props.put(PROPERTY_PREFIX + "created-by-run", ledger.context().runId());
    props.keySet().forEach(DeltaStore::checkProperty);
    return props;
  }

  /** Whether another run's create of {@code table} commits within a minute. */
  private boolean createdByAnother(String table) {
    for (int i = 0; i < 240; i++) {
      try {
        DeltaTable.forPath(spark, path(table)).history(1).first(); // needs a commit, not just the folder
        return true;
      } catch (Exception notYet) { // Delta's "table not found" is a checked AnalysisException, thrown undeclared
        // still no first commit
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * Upserts {@code source} on {@code keys}: new rows are inserted, rows whose {@code changedWhen}
   * holds are replaced, the rest left alone, so rerunning the same input changes nothing.
   *
   * @return the version written
   */
  public long merge(String table, Dataset<Row> source, List<String> keys, Column changedWhen, RunLedger ledger,
      Map<String, Object> metadata) {
    return merge(table, source, keys, changedWhen, null, ledger, metadata);
  }

  /**
   * {@link #merge(String, Dataset, List, Column, RunLedger, Map)} that also deletes the table's rows
   * which {@code source} no longer has, among those where {@code removeWhere} holds (a condition on
   * {@code t.}, e.g. the refreshed sources): a full refresh of that part of the table in one commit.
   *
   * @param removeWhere null to delete nothing
   */
  public long merge(String table, Dataset<Row> source, List<String> keys, Column changedWhen, Column removeWhere,
      RunLedger ledger, Map<String, Object> metadata) {
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
      merge = merge.whenNotMatched().insertAll();
      if (removeWhere != null) {
        merge = merge.whenNotMatchedBySource(removeWhere).delete();
      }
      merge.execute();
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
    return replaceWhere(table, rows, predicate, false, ledger, metadata);
  }

  /**
   * As {@link #replaceWhere(String, Dataset, String, RunLedger, Map)}; with {@code addColumns},
   * columns of {@code rows} that the table lacks are added to it (null in the older rows), so a
   * release that adds a column to a derived table migrates it on its first write.
   */
  public long replaceWhere(String table, Dataset<Row> rows, String predicate, boolean addColumns,
      RunLedger ledger, Map<String, Object> metadata) {
    return write(table, ledger, metadata, () -> {
      rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate)
          .option("mergeSchema", String.valueOf(addColumns)).save(path(table));
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
    updateProperties(table, current -> properties, ledger);
  }

  /**
   * Adds {@code values} to the comma-separated set held in property {@code key}. The current value
   * is re-read on every commit attempt, so two runs adding at once both end up in the set.
   */
  public void addToSetProperty(String table, String key, java.util.Collection<String> values, RunLedger ledger) {
    updateProperties(table, current -> {
      java.util.TreeSet<String> names = new java.util.TreeSet<>(values);
      String v = current.getOrDefault(key, "");
      if (!v.isEmpty()) {
        names.addAll(List.of(v.split(",")));
      }
      return Map.of(key, String.join(",", names));
    }, ledger);
  }

  private void updateProperties(String table, java.util.function.UnaryOperator<Map<String, String>> update,
      RunLedger ledger) {
    withMetadata(ledger, table, Map.of("operation", "set-properties"), () -> {
      Map<String, String> current = properties(table);
      Map<String, String> changed = new TreeMap<>();
      update.apply(current).forEach((k, v) -> {
        checkProperty(k);
        if (!v.equals(current.get(k))) {
          changed.put(k, v);
        }
      });
      if (changed.isEmpty()) {
        return null;
      }
      StringBuilder sql = new StringBuilder("ALTER TABLE delta.`").append(path(table).replace("`", "``"))
          .append("` SET TBLPROPERTIES (");
      String sep = "";
      for (var e : changed.entrySet()) {
        sql.append(sep).append(quote(e.getKey())).append(" = ").append(quote(e.getValue()));
        sep = ", ";
      }
      sql.append(")");
      spark.sql(sql.toString());
      ledger.output(table, committed(table, CommitMetadata.json(ledger, table,
          Map.of("operation", "set-properties"))).version());
      return null;
    });
  }

  /**
   * Adds the top-level columns of {@code schema} that the table lacks, as nullable columns (null in
   * the rows already there), in one commit; commits nothing when none is missing. Returns the names
   * added. How a release that adds a column to a documents table migrates an older warehouse.
   */
  public List<String> addMissingColumns(String table, StructType schema, RunLedger ledger) {
    List<String> present = List.of(read(table).schema().fieldNames());
    List<StructField> missing = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!present.contains(f.name())) {
        missing.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    Map<String, Object> metadata = Map.of("operation", "add-columns");
    withMetadata(ledger, table, metadata, () -> {
      StringBuilder sql = new StringBuilder("ALTER TABLE delta.`").append(path(table).replace("`", "``"))
          .append("` ADD COLUMNS (");
      String sep = "";
      for (StructField f : missing) {
        sql.append(sep).append(f.toDDL());
        sep = ", ";
      }
      spark.sql(sql.append(")").toString());
      ledger.output(table, committed(table, CommitMetadata.json(ledger, table, metadata)).version());
      return null;
    });
    List<String> names = missing.stream().map(StructField::name).toList();
    LOG.info("{}: added columns {} (null in the rows already there)", table, names);
    return names;
  }

  /**
   * Fails fast, before any input is read, when the warehouse root cannot be written: creates the
   * root if needed and writes and deletes a probe file in it.
   */
  public void checkWritable() {
    org.apache.hadoop.fs.Path probe = new org.apache.hadoop.fs.Path(root, "_synthmix_write_probe-" + java.util.UUID.randomUUID());
    try {
      org.apache.hadoop.fs.FileSystem fs = probe.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(probe.getParent());
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (java.io.IOException | RuntimeException e) {
      throw new SynthmixException(ExitCode.FAILURE, "Cannot write to the warehouse " + root + ": "
          + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ". Check synthmix.warehouse, the folder's permissions and free space. Nothing was read or written.", e);
    }
  }

  /**
   * Runs {@code action} (e.g. OPTIMIZE, VACUUM, a Delta table property) with the run's commit
   * metadata and the same retries on a lost commit race as every other write.
   */
  public void withCommitMetadata(String table, RunLedger ledger, Map<String, Object> metadata, Runnable action) {
    withMetadata(ledger, table, metadata, () -> {
      action.run();
      return null;
    });
  }

  private long write(String table, RunLedger ledger, Map<String, Object> metadata, Supplier<Object> action) {
    withMetadata(ledger, table, metadata, action);
    return recordCommit(table, ledger, metadata);
  }

  /** Finds this run's commit to {@code table} and records its version and rows in the ledger. */
  private long recordCommit(String table, RunLedger ledger, Map<String, Object> metadata) {
    CommitFiles.Commit mine = committed(table, CommitMetadata.json(ledger, table, metadata));
    ledger.output(table, mine.version());
    ledger.written(table, rowsWritten(mine.operationMetrics()));
    return mine.version();
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

  /**
   * Version and operation metrics of this run's commit: the newest whose user metadata is {@code
   * json}, not simply the latest, which another run writing at the same time may have made. Read
   * from the newest commit files (usually the first one matches); the latest commit when none of
   * the last hundred does.
   */
  private CommitFiles.Commit committed(String table, String json) {
    OptionalLong latest = commits.latestVersion(path(table));
    if (latest.isPresent()) {
      CommitFiles.Commit newest = null;
      for (long v = latest.getAsLong(); v >= Math.max(0, latest.getAsLong() - 99); v--) {
        Optional<CommitFiles.Commit> c = commits.read(path(table), v);
        if (c.isEmpty()) {
          break;
        }
        if (json.equals(c.get().userMetadata())) {
          return c.get();
        }
        newest = newest == null ? c.get() : newest;
      }
      if (newest != null) {
        return newest;
      }
    }
    Dataset<Row> history = DeltaTable.forPath(spark, path(table)).history(100);
    List<Row> mine = history.where(functions.col("userMetadata").equalTo(json))
        .select("version", "operationMetrics").limit(1).collectAsList();
    Row r = mine.isEmpty() ? history.select("version", "operationMetrics").first() : mine.get(0);
    Map<String, String> metrics = r.isNullAt(1) ? Map.of() : r.getJavaMap(1);
    return new CommitFiles.Commit(r.getLong(0), mine.isEmpty() ? null : json, metrics);
  }

  private void withMetadata(RunLedger ledger, String table, Map<String, Object> metadata, Supplier<Object> action) {
    String json = CommitMetadata.json(ledger, table, metadata);
    for (int attempt = 1; ; attempt++) {
      spark.conf().set(USER_METADATA_CONF, json);
      try {
        action.get();
        return;
      } catch (RuntimeException e) {
        if (e instanceof SynthmixException) {
          throw e;
        }
        Throwable conflict = concurrentModification(e);
        if (conflict != null && attempt < COMMIT_ATTEMPTS) {
          LOG.warn("another run committed to {} first ({}); retrying, attempt {} of {}", table,
              conflict.getClass().getSimpleName(), attempt + 1, COMMIT_ATTEMPTS);
          continue;
        }
        if (conflict != null) {
          throw new SynthmixException(ExitCode.FAILURE, "Cannot write table " + table + " at " + path(table)
              + ": another run is writing " + table + " (" + conflict.getClass().getSimpleName() + ", "
              + COMMIT_ATTEMPTS + " attempts); nothing of this commit was written. Rerun.", e);
        }
        throw new SynthmixException(ExitCode.FAILURE,
            "Cannot write table " + table + " at " + path(table) + ": " + e.getMessage(), e);
      } finally {
        spark.conf().unset(USER_METADATA_CONF);
      }
    }
  }

  /** The Delta optimistic-concurrency conflict in {@code e}'s causes, or null. */
  static Throwable concurrentModification(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.apache.spark.sql.delta.DeltaConcurrentModificationException) {
        return t;
      }
    }
    return null;
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
