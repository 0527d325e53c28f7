package dev.synthmix.pipeline.maintain;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIMIZE and VACUUM of the warehouse's tables that keep every referenced version readable.
 *
 * <p>A version {@code v} needs the data files of its snapshot; those that later commits removed
 * carry a removal time after {@code v} was committed (a writer stamps it while it writes, so up to
 * a margin earlier than its own commit). So VACUUM keeps {@code v} readable when its retention is
 * at least {@code now - time(v)} plus a margin (for the time until the VACUUM runs and clock skew),
 * and the latest version needs nothing. The retention used is the larger of
 * the wanted one and what the oldest referenced version needs; a retention asked for explicitly
 * that is too short is refused, naming the version and who references it, before anything is
 * changed. The tables' {@code delta.deletedFileRetentionDuration} and {@code
 * delta.logRetentionDuration} are then set to that retention plus the horizon (the log to at least
 * Delta's 30 days), so Delta's own log cleanup and a manual VACUUM keep the versions too.
 */
public final class Maintenance {

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
  static final String LOG_RETENTION = "delta.logRetentionDuration";
  /** Delta's own default log retention: never set lower. */
  static final Duration DELTA_LOG_RETENTION = Duration.ofDays(30);
  /** Delta's own minimum VACUUM retention, below which a concurrent write's new files are at risk. */
  static final Duration DELTA_SAFE_RETENTION = Duration.ofHours(168);
  static final String RETENTION_CHECK_CONF = "spark.databricks.delta.retentionDurationCheck.enabled";
  /** Spark's setting for the tasks a parallel file listing (VACUUM's) uses. */
  static final String LISTING_PARALLELISM_CONF = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
  /** Spark's default for {@link #LISTING_PARALLELISM_CONF}: the most tasks chosen here. */
  static final long MAX_LISTING_PARALLELISM = 10_000;
  /** The property DatedOutputs gives the tables it creates. */
  static final String DATED_MARK = "synthmix.partitioning";

  /** What maintain did to one table. */
  public record TableResult(String table, long references, Duration retention, Optional<VersionReference> oldest,
      long filesDeleted, boolean optimized, boolean repartitioned) {}

  /** Per table, in name order. */
  public record Result(List<TableResult> tables) {
    public long filesDeleted() {
      return tables.stream().mapToLong(TableResult::filesDeleted).sum();
    }
  }

  private final DeltaStore store;
  private final MaintainSettings settings;
  private final String reportsFolder;

  public Maintenance(DeltaStore store, MaintainSettings settings, String reportsFolder) {
    this.store = store;
    this.settings = settings;
    this.reportsFolder = reportsFolder;
  }

  /**
   * Maintains {@code tables} (empty = every Delta table under the warehouse). {@code strict} is a
   * retention asked for explicitly: too short for a referenced version, the run is refused.
   */
  public Result execute(List<String> tables, Optional<Duration> strict, RunLedger ledger) {
    List<String> names = tables.isEmpty() ? tablesUnderRoot() : tables;
    for (String t : names) {
      if (!store.exists(t)) {
        throw SynthmixException.refused("Cannot maintain " + t + ": no Delta table at " + store.path(t));
      }
    }
    List<VersionReference> refs = VersionReferences.collect(store, reportsFolder);
    Instant now = Instant.now();
    Duration wanted = strict.orElse(settings.retention());

    // First every check, then every change: a refusal leaves the warehouse as it was.
    Map<String, Plan> plans = new TreeMap<>();
    List<String> refusals = new ArrayList<>();
    for (String t : names) {
      Plan plan = plan(t, refs, now, wanted);
      plans.put(t, plan);
      if (strict.isPresent() && plan.needed.compareTo(wanted) > 0) {
        VersionReference b = plan.blocking.orElseThrow();
        refusals.add(t + " version " + b.version() + " (referenced by " + b.referrer() + ") needs a retention of at least "
            + hours(plan.needed) + " h");
      }
    }
    if (!refusals.isEmpty()) {
      throw SynthmixException.refused("Cannot vacuum with a retention of " + hours(wanted) + " h: it would make "
          + String.join("; ", refusals) + ". Nothing was changed; use a longer --retention, or none to lengthen it"
          + " where needed.");
    }

    List<TableResult> results = new ArrayList<>();
    for (Plan plan : plans.values()) {
      results.add(apply(plan, ledger));
    }
    return new Result(results);
  }

  /**
   * @param keepSince files removed after this instant must stay (the oldest referenced version's
   *     commit minus the margin); the VACUUM's retention is measured from it right before it runs,
   *     as OPTIMIZE and the rest take time in between
   */
  private record Plan(String table, long references, Duration needed, Optional<VersionReference> blocking,
      Duration retention, Optional<Instant> keepSince, Duration wanted) {}

  private Plan plan(String table, List<VersionReference> refs, Instant now, Duration wanted) {
    List<Row> history = store.history(table).select("version", "timestamp").collectAsList();
    Map<Long, Instant> committed = new TreeMap<>();
    history.forEach(r -> committed.put(r.getLong(0), ((Timestamp) r.get(1)).toInstant()));
    long latest = committed.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    List<VersionReference> mine = refs.stream().filter(r -> r.table().equals(table)).toList();
    Duration needed = Duration.ZERO;
    Optional<VersionReference> blocking = Optional.empty();
    Optional<Instant> keepSince = Optional.empty();
    for (VersionReference r : mine.stream().sorted(Comparator.comparingLong(VersionReference::version)).toList()) {
      if (r.version() >= latest) {
        continue; // the current snapshot's files are never vacuumed
      }
      Instant at = committed.get(r.version());
      if (at == null) {
        LOG.warn("{} version {} (referenced by {}) is no longer in the table's history; it cannot be protected",
            table, r.version(), r.referrer());
        continue;
      }
      Duration d = Duration.between(at, now).plus(settings.margin());
      if (d.compareTo(needed) > 0) {
        needed = d;
        blocking = Optional.of(r);
        keepSince = Optional.of(at.minus(settings.margin()));
      }
    }
    Duration retention = needed.compareTo(wanted) > 0 ? needed : wanted;
    return new Plan(table, mine.size(), needed, blocking, retention, keepSince, wanted);
  }

  private TableResult apply(Plan plan, RunLedger ledger) {
    String t = plan.table;
    if (plan.retention.compareTo(settings.retention()) > 0) {
      LOG.info("{}: retention lengthened to {} h for version {} (referenced by {})", t, hours(plan.retention),
          plan.blocking.map(VersionReference::version).orElse(-1L), plan.blocking.map(VersionReference::referrer).orElse("-"));
    }
    if (plan.retention.compareTo(DELTA_SAFE_RETENTION) < 0) {
      LOG.warn("{}: vacuum retention {} h is below Delta's 168 h: files of a write in flight could be deleted; run"
          + " maintain when no other run writes", t, hours(plan.retention));
    }
    boolean repartitioned = repartitionIfDated(t, ledger);
    boolean optimized = false;
    if (settings.optimize()) {
      optimized = commit(t, ledger, "optimize", () -> DeltaTable.forPath(store.spark(), store.path(t)).optimize().executeCompaction());
    }
    Listing listed = dataFiles(t);
    long before = listed.files();
    Duration retention = plan.keepSince.map(since -> Duration.between(since, Instant.now()))
        .filter(d -> d.compareTo(plan.wanted) > 0).orElse(plan.wanted);
    String retainHours = String.format(Locale.ROOT, "%.6f", retention.toMillis() / 3_600_000.0);
    var conf = store.spark().conf();
    String previousCheck = conf.getOption(RETENTION_CHECK_CONF).getOrElse(() -> null);
    // Our own check (references + the configured retention) replaces Delta's fixed 168 h one.
    conf.set(RETENTION_CHECK_CONF, "false");
    // VACUUM lists the table in as many tasks as this setting says, 10,000 by default: over a
    // minute of empty tasks on a small table. Unless the user set it, one task per directory
    // (at least the default parallelism) lists as fast.
    boolean userListing = store.spark().sessionState().conf().contains(LISTING_PARALLELISM_CONF);
    if (!userListing) {
      long parallelism = Math.min(MAX_LISTING_PARALLELISM,
          Math.max(store.spark().sparkContext().defaultParallelism(), listed.directories()));
      conf.set(LISTING_PARALLELISM_CONF, Long.toString(parallelism));
    }
    try {
      commit(t, ledger, "vacuum", () -> store.spark().sql("VACUUM " + sqlPath(t) + " RETAIN " + retainHours + " HOURS"));
    } finally {
      if (previousCheck == null) {
        conf.unset(RETENTION_CHECK_CONF);
      } else {
        conf.set(RETENTION_CHECK_CONF, previousCheck);
      }
      if (!userListing) {
        conf.unset(LISTING_PARALLELISM_CONF);
      }
    }
    long deleted = Math.max(0, before - dataFiles(t).files());
    setRetentionProperties(t, retention.plus(settings.horizon()), ledger);
    LOG.info("maintain {}: {} references, retention {} h, {} files vacuumed{}{}", t, plan.references, hours(retention),
        deleted, optimized ? ", compacted" : "", repartitioned ? ", repartitioned by run_date" : "");
    return new TableResult(t, plan.references, retention, plan.blocking, deleted, optimized, repartitioned);
  }

  /** A dated table made before partitioning by run_date: rewritten partitioned, or left with a log line. */
  private boolean repartitionIfDated(String t, RunLedger ledger) {
    Row detail = DeltaTable.forPath(store.spark(), store.path(t)).detail().select("partitionColumns", "properties").first();
    Map<String, String> props = detail.getJavaMap(1);
    List<String> partitions = detail.getList(0);
    if (!props.containsKey(DATED_MARK) || partitions.contains(DatedOutputs.RUN_DATE)) {
      return false;
    }
    if (!settings.partitionDatedTables()) {
      LOG.info("{} is not partitioned by run_date (made before partitioning); left as it is ({} = false)", t,
          MaintainSettings.PARTITION_DATED_TABLES);
      return false;
    }
    LOG.info("{} is not partitioned by run_date (made before partitioning): rewriting it partitioned; older versions"
        + " stay readable", t);
    var rows = store.read(t);
    store.withCommitMetadata(t, ledger, Map.of("operation", "partition-by-run-date"), () -> rows.write().format("delta")
        .mode("overwrite").option("overwriteSchema", "true").partitionBy(DatedOutputs.RUN_DATE).save(store.path(t)));
    store.version(t).ifPresent(v -> ledger.output(t, v));
    return true;
  }

  private void setRetentionProperties(String t, Duration deletedFiles, RunLedger ledger) {
    Duration log = deletedFiles.compareTo(DELTA_LOG_RETENTION) > 0 ? deletedFiles : DELTA_LOG_RETENTION;
    String deletedValue = "interval " + ceilHours(deletedFiles) + " hours";
    String logValue = "interval " + ceilHours(log) + " hours";
    Map<String, String> props = DeltaTable.forPath(store.spark(), store.path(t)).detail().select("properties").first().getJavaMap(0);
    if (deletedValue.equals(props.get(DELETED_FILE_RETENTION)) && logValue.equals(props.get(LOG_RETENTION))) {
      return;
    }
    commit(t, ledger, "set-retention", () -> store.spark().sql("ALTER TABLE " + sqlPath(t) + " SET TBLPROPERTIES ('"
        + DELETED_FILE_RETENTION + "' = '" + deletedValue + "', '" + LOG_RETENTION + "' = '" + logValue + "')"));
  }

  /** Runs a Delta operation with the run's metadata; true when it committed a new version. */
  private boolean commit(String t, RunLedger ledger, String operation, Runnable action) {
    long before = store.version(t).orElse(-1L);
    store.withCommitMetadata(t, ledger, Map.of("operation", operation), action);
    long after = store.version(t).orElse(-1L);
    if (after > before) {
      ledger.output(t, after);
      return true;
    }
    return false;
  }

  /** Data files under a table's folder and the directories holding them. */
  private record Listing(long files, long directories) {}

  /** Files under the table's folder, outside its log: what VACUUM may delete. */
  private Listing dataFiles(String t) {
    Path root = new Path(store.path(t));
    try {
      FileSystem fs = root.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      var it = fs.listFiles(root, true);
      long n = 0;
      Set<Path> directories = new HashSet<>();
      directories.add(root);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (!p.toString().contains("/_delta_log/") && p.getName().endsWith(".parquet")) {
          n++;
          directories.add(p.getParent());
        }
      }
      return new Listing(n, directories.size());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list the files of " + t + ": " + e.getMessage(), e);
    }
  }

  private List<String> tablesUnderRoot() {
    Path root = new Path(store.root());
    try {
      FileSystem fs = root.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory() && fs.exists(new Path(s.getPath(), "_delta_log"))) {
          out.add(s.getPath().getName());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list the tables under " + store.root() + ": " + e.getMessage(), e);
    }
  }

  private String sqlPath(String t) {
    return "delta.`" + store.path(t).replace("`", "``") + "`";
  }

  static String hours(Duration d) {
    return String.format(Locale.ROOT, "%.2f", d.toMillis() / 3_600_000.0);
  }

  private static long ceilHours(Duration d) {
    return Math.max(1, (d.toMillis() + 3_599_999) / 3_600_000);
  }
}
