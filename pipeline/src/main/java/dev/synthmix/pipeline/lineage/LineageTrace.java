package dev.synthmix.pipeline.lineage;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DeltaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Can each synthetic row's lineage still be followed? Ingest guarantees that the fields are filled
 * in, so checking that is not a test; what can go missing later, or come in blank, is:
 *
 * <ul>
 *   <li>the seed: the seed table's version must still be readable (its log entry and its data
 *       files: a VACUUM, an expired log or a re-created table loses it);
 *   <li>the prompt: a prompt id or a prompt hash that is not blank (a record's own {@code
 *       prompt_id} overrides the manifest's, and may be {@code ""});
 *   <li>the parent set, at depth &gt; 1: still in {@code docs_synthetic} (a set deleted or refreshed
 *       away leaves its children pointing at nothing).
 * </ul>
 *
 * Metrics, per generator × depth and overall (generator "*", depth null): {@link #PRESENT_SHARE},
 * the share of rows passing all three (gated), and one share per check.
 */
public final class LineageTrace {

  private static final Logger LOG = LoggerFactory.getLogger(LineageTrace.class);

  /** Share of synthetic rows whose seed, prompt and (depth &gt; 1) parent set can be followed. */
  public static final String PRESENT_SHARE = MetricCatalogue.LINEAGE_PRESENT_SHARE;
  /** Share of synthetic rows whose seed table version is still readable. */
  public static final String SEED_READABLE_SHARE = MetricCatalogue.LINEAGE_SEED_READABLE_SHARE;
  /** Share of synthetic rows with a non-blank prompt id or prompt hash. */
  public static final String PROMPT_PRESENT_SHARE = MetricCatalogue.LINEAGE_PROMPT_PRESENT_SHARE;
  /** Share of synthetic rows whose parent set is in docs_synthetic (depth-1 rows pass). */
  public static final String PARENT_PRESENT_SHARE = MetricCatalogue.LINEAGE_PARENT_PRESENT_SHARE;

  static final String READABLE = "readable";
  private static final String PARENT_FOUND = "_parent_found";
  private static final String SCOPE = MetricCatalogue.SCOPE_LINEAGE;

  static final StructType SEEDS_SCHEMA =
      new StructType()
          .add(LineageColumns.SEED_TABLE, DataTypes.StringType, false)
          .add(LineageColumns.SEED_VERSION, DataTypes.LongType, false)
          .add(READABLE, DataTypes.BooleanType, false);

  private LineageTrace() {}

  /** The metrics of {@code synthetic} (a docs_synthetic version), checking seeds in {@code store}. */
  public static Dataset<Row> metrics(DeltaStore store, Dataset<Row> synthetic) {
    List<Row> seeds = new ArrayList<>();
    for (Row r :
        synthetic
            .select(
                col(LineageColumns.path(LineageColumns.SEED_TABLE)),
                col(LineageColumns.path(LineageColumns.SEED_VERSION)))
            .distinct()
            .collectAsList()) {
      String table = r.getString(0);
      long version = r.getLong(1);
      seeds.add(RowFactory.create(table, version, readable(store, table, version)));
    }
    return measure(synthetic, store.spark().createDataFrame(seeds, SEEDS_SCHEMA));
  }

  /**
   * Pure: the metrics of {@code synthetic} given which seed versions are readable.
   *
   * @param seeds seed_table, seed_version, readable; a seed not listed counts as unreadable
   */
  static Dataset<Row> measure(Dataset<Row> synthetic, Dataset<Row> seeds) {
    Dataset<Row> setIds =
        synthetic
            .select(col(LineageColumns.path(LineageColumns.SET_ID)).as(PARENT_FOUND))
            .distinct();
    Dataset<Row> rows =
        synthetic
            .select(
                col(LineageColumns.path(LineageColumns.GENERATOR) + "." + LineageColumns.GENERATOR_NAME)
                    .as(RunMetricsTable.GENERATOR),
                col(LineageColumns.path(LineageColumns.DEPTH)).as(RunMetricsTable.DEPTH),
                col(LineageColumns.path(LineageColumns.SEED_TABLE)).as(LineageColumns.SEED_TABLE),
                col(LineageColumns.path(LineageColumns.SEED_VERSION)).as(LineageColumns.SEED_VERSION),
                col(LineageColumns.path(LineageColumns.PROMPT_ID)).as(LineageColumns.PROMPT_ID),
                col(LineageColumns.path(LineageColumns.PROMPT_HASH)).as(LineageColumns.PROMPT_HASH),
                col(LineageColumns.path(LineageColumns.PARENT_SET)).as(LineageColumns.PARENT_SET))
            .join(
                seeds,
                new String[] {LineageColumns.SEED_TABLE, LineageColumns.SEED_VERSION},
                "left")
            .join(setIds, col(LineageColumns.PARENT_SET).equalTo(col(PARENT_FOUND)), "left");
    Column seedOk = coalesce(col(READABLE), lit(false));
    Column promptOk =
        notBlank(col(LineageColumns.PROMPT_ID)).or(notBlank(col(LineageColumns.PROMPT_HASH)));
    Column parentOk = col(RunMetricsTable.DEPTH).leq(1).or(col(PARENT_FOUND).isNotNull());
    // Column names without the metric names' dots, which Spark would read as struct fields.
    Column[] shares = {
      share(seedOk.and(promptOk).and(parentOk)).as(column(PRESENT_SHARE)),
      share(seedOk).as(column(SEED_READABLE_SHARE)),
      share(promptOk).as(column(PROMPT_PRESENT_SHARE)),
      share(parentOk).as(column(PARENT_PRESENT_SHARE)),
      count(lit(1)).as("_n")
    };
    Dataset<Row> perLineage =
        rows.groupBy(RunMetricsTable.GENERATOR, RunMetricsTable.DEPTH)
            .agg(shares[0], shares[1], shares[2], shares[3], shares[4]);
    Dataset<Row> overall =
        rows.agg(shares[0], shares[1], shares[2], shares[3], shares[4])
            .where(col("_n").gt(0))
            .select(
                lit("*").as(RunMetricsTable.GENERATOR),
                lit(null).cast("int").as(RunMetricsTable.DEPTH),
                col(column(PRESENT_SHARE)),
                col(column(SEED_READABLE_SHARE)),
                col(column(PROMPT_PRESENT_SHARE)),
                col(column(PARENT_PRESENT_SHARE)),
                col("_n"));
    Dataset<Row> wide = perLineage.unionByName(overall);
    Dataset<Row> out = null;
    for (String metric :
        List.of(PRESENT_SHARE, SEED_READABLE_SHARE, PROMPT_PRESENT_SHARE, PARENT_PRESENT_SHARE)) {
      Dataset<Row> part =
          wide.select(
              lit(metric).as(RunMetricsTable.METRIC),
              col(column(metric)).as(RunMetricsTable.VALUE),
              lit(SCOPE).as(RunMetricsTable.SCOPE),
              lit("*").as(RunMetricsTable.CATEGORY),
              col(RunMetricsTable.GENERATOR),
              col(RunMetricsTable.DEPTH),
              lit(TrainingMix.ORIGIN_SYNTHETIC).as(RunMetricsTable.ORIGIN));
      out = out == null ? part : out.union(part);
    }
    return out;
  }

  private static String column(String metric) {
    return metric.replace('.', '_');
  }

  private static Column notBlank(Column c) {
    return coalesce(trim(c).notEqual(""), lit(false));
  }

  private static Column share(Column ok) {
    return avg(when(ok, 1.0).otherwise(0.0));
  }

  /** Whether {@code table} at {@code version} can still be read: its log and all its data files. */
  static boolean readable(DeltaStore store, String table, long version) {
    // Names come from table rows: only warehouse table names are looked up, never a path.
    if (table == null || !table.matches("[a-z][a-z0-9_]*") || !store.exists(table)) {
      LOG.warn("lineage: seed table '{}' is not a table of {}", table, store.root());
      return false;
    }
    String[] files;
    try {
      files = store.read(table, version).inputFiles();
    } catch (Exception e) {
      // Delta's "cannot time travel" (version gone from the log) is an AnalysisException.
      LOG.warn("lineage: seed {} version {} is not in its history: {}", table, version, e.getMessage());
      return false;
    }
    try {
      int missing = 0;
      for (String f : files) {
        Path p = new Path(f);
        FileSystem fs = p.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
          missing++;
        }
      }
      if (missing > 0) {
        LOG.warn("lineage: seed {} version {}: {} of {} data files are gone (vacuumed?)", table, version,
            missing, files.length);
      }
      return missing == 0;
    } catch (IOException e) {
      LOG.warn("lineage: seed {} version {}: cannot list its files: {}", table, version, e.getMessage());
      return false;
    }
  }
}
