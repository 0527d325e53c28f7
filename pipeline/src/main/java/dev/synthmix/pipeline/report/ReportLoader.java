package dev.synthmix.pipeline.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.audit.Audit;
import dev.synthmix.pipeline.dedup.DedupStage;
import dev.synthmix.pipeline.ingest.EmbeddedCorpus;
import dev.synthmix.pipeline.metrics.AnomalyCheck;
import dev.synthmix.pipeline.report.ReportModel.Anomaly;
import dev.synthmix.pipeline.report.ReportModel.Cluster;
import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.diversity.Collapse;
import dev.synthmix.pipeline.report.ReportModel.CollapsePoint;
import dev.synthmix.pipeline.report.ReportModel.ContaminationMatch;
import dev.synthmix.pipeline.report.ReportModel.ContaminationRow;
import dev.synthmix.pipeline.report.ReportModel.DiversityPoint;
import dev.synthmix.pipeline.report.ReportModel.DupRateRow;
import dev.synthmix.pipeline.report.ReportModel.Member;
import dev.synthmix.pipeline.report.ReportModel.RealSource;
import dev.synthmix.pipeline.report.ReportModel.RunSummary;
import dev.synthmix.pipeline.report.ReportModel.SyntheticSet;
import dev.synthmix.pipeline.report.ReportModel.TrendPoint;
import dev.synthmix.pipeline.report.ReportModel.Verdict;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.CoverageSummaryTable;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.ContaminationTables;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.DupClusters;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.GateVerdictsTable;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Loads the {@link ReportModel} of one run date from the stored tables. Only small aggregates are
 * collected: the derived tables' rows of the date, group-bys of the document tables, and a few
 * truncated texts of the largest clusters' members. The document tables are read at the versions
 * the run read, when known, so a later ingest does not change an older date's report.
 */
public final class ReportLoader {

  /** Headline metrics for the trend chart, pooled over categories and generators. */
  static final List<String> TREND_METRICS =
      List.of("coverage.total_synthetic_share", DedupStage.LEAKAGE_RATE, MetricCatalogue.DUP_EXACT_REDUNDANT_SHARE);

  /** The metric of the gate whose threshold the synthetic-share chart draws. */
  static final String SHARE_METRIC = "coverage.synthetic_share";

  static final String UNKNOWN = "unknown";

  /** Contamination matches listed on the page: the longest shared spans first. */
  static final int MATCHES_SHOWN = 20;

  private final DeltaStore store;
  private final ReportSettings settings;

  public ReportLoader(DeltaStore store, ReportSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** The latest run date with gate verdicts (the audit's last output), if any. */
  public Optional<LocalDate> latestDate() {
    if (!store.exists(GateVerdictsTable.TABLE)) {
      return Optional.empty();
    }
    Row r = store.read(GateVerdictsTable.TABLE).agg(max(col(DatedOutputs.RUN_DATE))).first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
  }

  /**
   * Loads the date's model (the latest date when null).
   *
   * @param current the run in progress when the report is a step of it (its row in {@code runs} is
   *     written only at its end), else null
   * @throws SynthmixException exit 2 when the warehouse has no audit outputs for the date
   */
  public ReportModel load(LocalDate date, RunLedger current) {
    LocalDate d = date != null ? date : latestDate().orElseThrow(() -> noOutputs("any date"));
    Dataset<Row> verdictRows = slice(GateVerdictsTable.TABLE, d);
    if (verdictRows == null || verdictRows.isEmpty()) {
      throw noOutputs(d.toString());
    }
    List<Row> verdictList = verdictRows.collectAsList();
    String runId = verdictList.get(0).getAs(DatedOutputs.RUN_ID);
    RunSummary run = runSummary(runId, d, current);
    List<Verdict> verdicts = verdictList.stream().map(ReportLoader::verdict).toList();
    Double threshold = verdicts.stream().filter(v -> v.metric().equals(SHARE_METRIC)).map(Verdict::threshold)
        .min(Double::compare).orElse(null);
    return new ReportModel(run, coverage(d), threshold, overallShare(d), dupRates(d), diversity(d), trends(),
        clusters(d, run), verdicts, anomalies(d), sets(run), sources(run), equalSize(d), contamination(d),
        contaminationMatches(d));
  }

  private SynthmixException noOutputs(String what) {
    String dates = store.exists(GateVerdictsTable.TABLE)
        ? String.join(", ", store.read(GateVerdictsTable.TABLE).select(col(DatedOutputs.RUN_DATE).cast("string"))
            .distinct().orderBy(DatedOutputs.RUN_DATE).as(Encoders.STRING()).collectAsList())
        : "";
    return SynthmixException.usage("Cannot write the report: the warehouse " + store.root() + " has no audit outputs for "
        + what + (dates.isEmpty() ? "" : " (audited dates: " + dates + ")")
        + "; run audit, nightly or demo first");
  }

  /** The date's rows of a dated table, null when the table does not exist. */
  private Dataset<Row> slice(String table, LocalDate date) {
    if (!store.exists(table)) {
      return null;
    }
    return store.read(table).where(col(DatedOutputs.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(date))));
  }

  private RunSummary runSummary(String runId, LocalDate date, RunLedger current) {
    if (current != null && current.context().runId().equals(runId)) {
      return new RunSummary(runId, date, current.context().command(), current.context().gitSha(),
          current.inputVersions(), current.outputVersions());
    }
    if (store.exists(Runs.TABLE)) {
      // A retried run has one row per attempt: the report is of the latest (older tables: no attempt).
      Dataset<Row> runs = store.read(Runs.TABLE).where(col(Runs.RUN_ID).equalTo(runId));
      if (Arrays.asList(runs.columns()).contains(Runs.ATTEMPT)) {
        runs = runs.orderBy(col(Runs.ATTEMPT).desc_nulls_last());
      }
      List<Row> rows = runs.limit(1).collectAsList();
      if (!rows.isEmpty()) {
        Row r = rows.get(0);
        return new RunSummary(runId, date, r.getAs(Runs.COMMAND), r.getAs(Runs.GIT_SHA), longs(r, Runs.INPUT_VERSIONS),
            longs(r, Runs.OUTPUT_VERSIONS));
      }
    }
    // The runs table lost the row (or the run never finished): current versions, said as such.
    Map<String, Long> now = new TreeMap<>();
    for (String t : List.of(Documents.REAL_TABLE, Documents.SYNTHETIC_TABLE)) {
      store.version(t).ifPresent(v -> now.put(t, v));
    }
    return new RunSummary(runId, date, UNKNOWN, null, now, Map.of());
  }

  private static Map<String, Long> longs(Row r, String field) {
    Map<String, Long> m = r.isNullAt(r.fieldIndex(field)) ? Map.of() : r.getJavaMap(r.fieldIndex(field));
    return new TreeMap<>(m);
  }

  private static Verdict verdict(Row r) {
    Map<String, String> tags = r.isNullAt(r.fieldIndex(GateVerdictsTable.WORST_TAGS)) ? Map.of()
        : new TreeMap<>(r.<String, String>getJavaMap(r.fieldIndex(GateVerdictsTable.WORST_TAGS)));
    return new Verdict(r.getAs(GateVerdictsTable.GATE), r.getAs(GateVerdictsTable.METRIC),
        r.getAs(GateVerdictsTable.COMPARATOR), r.<Double>getAs(GateVerdictsTable.THRESHOLD),
        r.getAs(GateVerdictsTable.OBSERVED), tags, r.getAs(GateVerdictsTable.STATUS),
        r.<Boolean>getAs(GateVerdictsTable.PASSED), r.getAs(GateVerdictsTable.SEVERITY),
        r.getAs(GateVerdictsTable.MESSAGE));
  }

  private List<CoverageRow> coverage(LocalDate d) {
    Dataset<Row> rows = slice(Audit.COVERAGE, d);
    if (rows == null) {
      return List.of();
    }
    return rows.where(col(CoverageTable.GENERATOR).equalTo(CoverageTable.ALL))
        .orderBy(col(CoverageTable.REAL_COUNT).desc(), col(CoverageTable.CATEGORY)).collectAsList().stream()
        .map(r -> new CoverageRow(r.getAs(CoverageTable.CATEGORY), r.<Long>getAs(CoverageTable.REAL_COUNT),
            r.<Long>getAs(CoverageTable.SYNTHETIC_COUNT), r.<Double>getAs(CoverageTable.SYNTHETIC_SHARE),
            r.getAs(CoverageTable.STATUS)))
        .toList();
  }

  private Double overallShare(LocalDate d) {
    Dataset<Row> rows = slice(Audit.COVERAGE_SUMMARY, d);
    if (rows == null) {
      return null;
    }
    List<Row> all = rows.where(col(CoverageSummaryTable.GENERATOR).equalTo(CoverageTable.ALL)).collectAsList();
    return all.isEmpty() ? null : all.get(0).getAs(CoverageSummaryTable.SYNTHETIC_SHARE);
  }

  private List<DupRateRow> dupRates(LocalDate d) {
    Dataset<Row> rows = slice(DedupStage.RATES, d);
    if (rows == null) {
      return List.of();
    }
    // Per scope and generator over the categories and depths, from the rows whose set is pooled
    // (null: real, or a date written before sets were split out); real documents have no generator.
    Column generator = coalesce(col(DupRates.GENERATOR), lit(TrainingMix.ORIGIN_REAL));
    boolean hasRedundant = Arrays.asList(rows.columns()).contains(DupRates.EXACT_REDUNDANT_DOCS);
    Column pooledSet = hasSetColumn(rows)
        ? col(DupRates.SET_ID).isNull().or(col(DupRates.SET_ID).equalTo(DupRates.ALL)) : lit(true);
    Column allDepths = hasSetColumn(rows) ? col(DupRates.DEPTH).isNull() : lit(true);
    Column exactRed = hasRedundant ? col(DupRates.EXACT_REDUNDANT_DOCS) : lit(null).cast("long");
    Column nearRed = hasRedundant ? col(DupRates.NEAR_REDUNDANT_DOCS) : lit(null).cast("long");
    Dataset<Row> perGenerator = rows.where(col(DupRates.CATEGORY).notEqual(DupRates.ALL).and(pooledSet))
        .groupBy(col(DupRates.SCOPE), generator.as(DupRates.GENERATOR))
        .agg(sum(DupRates.DOCS).as(DupRates.DOCS), sum(DupRates.EXACT_DUP_DOCS).as(DupRates.EXACT_DUP_DOCS),
            sum(DupRates.NEAR_DUP_DOCS).as(DupRates.NEAR_DUP_DOCS), sum(DupRates.ANY_DUP_DOCS).as(DupRates.ANY_DUP_DOCS),
            sum(exactRed).as(DupRates.EXACT_REDUNDANT_DOCS), sum(nearRed).as(DupRates.NEAR_REDUNDANT_DOCS));
    Dataset<Row> overall = rows.where(col(DupRates.CATEGORY).equalTo(DupRates.ALL)
            .and(col(DupRates.GENERATOR).equalTo(DupRates.ALL)).and(pooledSet).and(allDepths))
        .select(col(DupRates.SCOPE), lit(DupRates.ALL).as(DupRates.GENERATOR), col(DupRates.DOCS),
            col(DupRates.EXACT_DUP_DOCS), col(DupRates.NEAR_DUP_DOCS), col(DupRates.ANY_DUP_DOCS),
            exactRed.as(DupRates.EXACT_REDUNDANT_DOCS), nearRed.as(DupRates.NEAR_REDUNDANT_DOCS));
    return perGenerator.unionByName(overall).orderBy(DupRates.SCOPE, DupRates.GENERATOR).collectAsList().stream()
        .map(r -> {
          long docs = r.<Long>getAs(DupRates.DOCS);
          Long exact = r.getAs(DupRates.EXACT_REDUNDANT_DOCS);
          Long near = r.getAs(DupRates.NEAR_REDUNDANT_DOCS);
          return new DupRateRow(r.getAs(DupRates.SCOPE), r.getAs(DupRates.GENERATOR), docs,
              rate(r.<Long>getAs(DupRates.EXACT_DUP_DOCS), docs), rate(r.<Long>getAs(DupRates.NEAR_DUP_DOCS), docs),
              rate(r.<Long>getAs(DupRates.ANY_DUP_DOCS), docs),
              exact == null ? null : rate(exact, docs), near == null ? null : rate(near, docs),
              exact == null || near == null ? null : rate(exact + near, docs));
        })
        .toList();
  }

  private static boolean hasSetColumn(Dataset<Row> rows) {
    return Arrays.asList(rows.columns()).contains(DupRates.SET_ID);
  }

  private static double rate(long n, long docs) {
    return docs == 0 ? 0.0 : (double) n / docs;
  }

  private List<DiversityPoint> diversity(LocalDate d) {
    Dataset<Row> rows = slice(Audit.DIVERSITY, d);
    if (rows == null) {
      return List.of();
    }
    return rows.where(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL))
        .orderBy(col(DiversityTable.GENERATOR).asc_nulls_first(), col(DiversityTable.DEPTH)).collectAsList().stream()
        .map(r -> new DiversityPoint(r.getAs(DiversityTable.ORIGIN), r.getAs(DiversityTable.GENERATOR),
            r.<Integer>getAs(DiversityTable.DEPTH), r.<Long>getAs(DiversityTable.DOCUMENTS),
            r.<Long>getAs(DiversityTable.VOCABULARY), r.getAs(DiversityTable.DISTINCT_2),
            r.getAs(DiversityTable.ENTROPY_BITS), r.getAs(DiversityTable.RARE_NGRAM_SURVIVAL)))
        .toList();
  }

  /** The equal-size collapse rows of the date (few: generators × depths × metrics). */
  private List<CollapsePoint> equalSize(LocalDate d) {
    Dataset<Row> rows = slice(Audit.COLLAPSE, d);
    if (rows == null) {
      return List.of();
    }
    return rows.where(col(CollapseTable.METRIC).endsWith(Collapse.EQUAL_SIZE))
        .orderBy(col(CollapseTable.GENERATOR), col(CollapseTable.DEPTH), col(CollapseTable.METRIC))
        .collectAsList().stream()
        .map(r -> new CollapsePoint(r.getAs(CollapseTable.GENERATOR), r.<Integer>getAs(CollapseTable.DEPTH),
            r.getAs(CollapseTable.METRIC), r.getAs(CollapseTable.SYNTHETIC_VALUE), r.getAs(CollapseTable.REAL_VALUE),
            r.getAs(CollapseTable.RATIO)))
        .toList();
  }

  private List<TrendPoint> trends() {
    if (!store.exists(Audit.RUN_METRICS)) {
      return List.of();
    }
    // Depth null: the rows over all depths (dup rates also have one pooled row per depth).
    Column pooled = col(RunMetricsTable.CATEGORY).equalTo(CoverageTable.ALL)
        .and(col(RunMetricsTable.GENERATOR).equalTo(CoverageTable.ALL)).and(col(RunMetricsTable.DEPTH).isNull());
    return store.read(Audit.RUN_METRICS)
        .where(col(RunMetricsTable.METRIC).isin(TREND_METRICS.toArray()).and(pooled))
        .groupBy(col(RunMetricsTable.METRIC), col(RunMetricsTable.SCOPE), col(DatedOutputs.RUN_DATE))
        .agg(first(col(RunMetricsTable.VALUE)).as(RunMetricsTable.VALUE))
        .orderBy(RunMetricsTable.METRIC, RunMetricsTable.SCOPE, DatedOutputs.RUN_DATE)
        .collectAsList().stream()
        .map(r -> {
          String metric = r.getAs(RunMetricsTable.METRIC);
          String scope = r.getAs(RunMetricsTable.SCOPE);
          // Each dup rate is per scope; name the scope so the series stay apart.
          String series = metric.startsWith("dup.") && !metric.equals(DedupStage.LEAKAGE_RATE) && scope != null
              ? metric + " (" + scope + ")" : metric;
          return new TrendPoint(series, r.getDate(r.fieldIndex(DatedOutputs.RUN_DATE)).toLocalDate(),
              r.<Double>getAs(RunMetricsTable.VALUE));
        })
        .toList();
  }

  /** Per benchmark and lineage, all categories pooled; empty when no benchmark was checked on the date. */
  private List<ContaminationRow> contamination(LocalDate d) {
    Dataset<Row> rows = slice(ContaminationTables.TABLE, d);
    if (rows == null) {
      return List.of();
    }
    return rows.where(col(ContaminationTables.CATEGORY).equalTo(ContaminationTables.ALL)
            .and(col(ContaminationTables.BENCHMARK).notEqual(ContaminationTables.ALL)))
        .orderBy(col(ContaminationTables.BENCHMARK), col(ContaminationTables.ORIGIN),
            col(ContaminationTables.GENERATOR).asc_nulls_first(), col(ContaminationTables.DEPTH))
        .collectAsList().stream()
        .map(r -> new ContaminationRow(r.getAs(ContaminationTables.BENCHMARK), r.getAs(ContaminationTables.ORIGIN),
            r.getAs(ContaminationTables.GENERATOR), r.<Integer>getAs(ContaminationTables.DEPTH),
            r.<Long>getAs(ContaminationTables.DOCUMENTS_CHECKED), r.<Long>getAs(ContaminationTables.DOCUMENTS_CONTAMINATED),
            r.<Long>getAs(ContaminationTables.ITEMS_FOUND), r.<Long>getAs(ContaminationTables.BENCHMARK_ITEMS)))
        .toList();
  }

  /** The {@link #MATCHES_SHOWN} matches with the longest shared spans. */
  private List<ContaminationMatch> contaminationMatches(LocalDate d) {
    Dataset<Row> rows = slice(ContaminationTables.MATCHES, d);
    if (rows == null) {
      return List.of();
    }
    return rows.orderBy(col(ContaminationTables.LONGEST_SPAN_TOKENS).desc(), col(ContaminationTables.DOC_ID),
            col(ContaminationTables.BENCHMARK), col(ContaminationTables.ITEM_ID))
        .limit(MATCHES_SHOWN).collectAsList().stream()
        .map(r -> new ContaminationMatch(r.getAs(ContaminationTables.DOC_ID), r.getAs(ContaminationTables.ORIGIN),
            r.getAs(ContaminationTables.GENERATOR), r.getAs(ContaminationTables.BENCHMARK),
            r.getAs(ContaminationTables.ITEM_ID), r.<Integer>getAs(ContaminationTables.LONGEST_SPAN_TOKENS),
            r.getAs(ContaminationTables.EXCERPT)))
        .toList();
  }

  private List<Cluster> clusters(LocalDate d, RunSummary run) {
    Dataset<Row> rows = slice(DedupStage.CLUSTERS, d);
    if (rows == null) {
      return List.of();
    }
    List<Row> top = rows.groupBy(DupClusters.CLUSTER_ID)
        .agg(first(DupClusters.CLUSTER_SIZE).as(DupClusters.CLUSTER_SIZE),
            first(DupClusters.CLUSTER_EDGES).as(DupClusters.CLUSTER_EDGES),
            first(DupClusters.CLUSTER_MIN_JACCARD).as(DupClusters.CLUSTER_MIN_JACCARD),
            first(DupClusters.CLUSTER_MEAN_JACCARD).as(DupClusters.CLUSTER_MEAN_JACCARD))
        .orderBy(col(DupClusters.CLUSTER_SIZE).desc(), col(DupClusters.CLUSTER_ID))
        .limit(settings.largestClusters()).collectAsList();
    if (top.isEmpty()) {
      return List.of();
    }
    List<String> ids = top.stream().map(r -> r.<String>getAs(DupClusters.CLUSTER_ID)).toList();
    Dataset<Row> members = rows.where(col(DupClusters.CLUSTER_ID).isin(ids.toArray()))
        .withColumn("_rank", row_number().over(Window.partitionBy(DupClusters.CLUSTER_ID).orderBy(DupClusters.DOC_ID)))
        .where(col("_rank").leq(settings.membersPerCluster()));
    Dataset<Row> texts = docs(Documents.REAL_TABLE, run).unionByName(docs(Documents.SYNTHETIC_TABLE, run));
    Map<String, List<Member>> byCluster = new LinkedHashMap<>();
    ids.forEach(id -> byCluster.put(id, new ArrayList<>()));
    members.join(texts, members.col(DupClusters.DOC_ID).equalTo(texts.col("_doc_id")), "left")
        .orderBy(DupClusters.CLUSTER_ID, DupClusters.DOC_ID).collectAsList()
        .forEach(r -> byCluster.get(r.<String>getAs(DupClusters.CLUSTER_ID)).add(new Member(
            r.getAs(DupClusters.DOC_ID), r.getAs(DupClusters.ORIGIN), r.getAs(DupClusters.CATEGORY),
            r.getAs(DupClusters.GENERATOR), truncated(r.getAs("_sample")))));
    return top.stream().map(r -> new Cluster(r.getAs(DupClusters.CLUSTER_ID), r.<Long>getAs(DupClusters.CLUSTER_SIZE),
        r.<Long>getAs(DupClusters.CLUSTER_EDGES), r.getAs(DupClusters.CLUSTER_MIN_JACCARD),
        r.getAs(DupClusters.CLUSTER_MEAN_JACCARD), byCluster.get(r.<String>getAs(DupClusters.CLUSTER_ID)))).toList();
  }

  /** The sample cut to the configured length, with an ellipsis when the text goes on. */
  private String truncated(String sample) {
    if (sample == null || sample.length() <= settings.sampleChars()) {
      return sample;
    }
    return sample.substring(0, settings.sampleChars()) + "…";
  }

  /** doc id and the start of the text (one character more than shown, to tell a cut). */
  private Dataset<Row> docs(String table, RunSummary run) {
    Dataset<Row> t = read(table, run);
    if (t == null) {
      return store.spark().emptyDataFrame().select(lit(null).cast("string").as("_doc_id"),
          lit(null).cast("string").as("_sample"));
    }
    return t.select(col(Documents.DOC_ID).as("_doc_id"),
        substring(col(Documents.TEXT), 1, settings.sampleChars() + 1).as("_sample"));
  }

  /** The table at the version the run read, else the latest; null when it does not exist. */
  private Dataset<Row> read(String table, RunSummary run) {
    if (!store.exists(table)) {
      return null;
    }
    Long v = run.inputVersions().get(table);
    return v == null ? store.read(table) : store.read(table, v);
  }

  private List<Anomaly> anomalies(LocalDate d) {
    Dataset<Row> rows = slice(Audit.ANOMALIES, d);
    if (rows == null) {
      return List.of();
    }
    return rows.orderBy(RunMetricsTable.METRIC).collectAsList().stream().map(r -> {
      StringBuilder tags = new StringBuilder();
      for (String t : RunMetricsTable.TAGS) {
        Object v = r.getAs(t);
        if (v != null) {
          tags.append(tags.length() == 0 ? "" : ", ").append(t).append('=').append(v);
        }
      }
      return new Anomaly(r.getAs(RunMetricsTable.METRIC), tags.toString(), r.getAs(AnomalyCheck.TODAY),
          r.getAs(AnomalyCheck.PREVIOUS), r.getAs(AnomalyCheck.RELATIVE_CHANGE), r.getAs(AnomalyCheck.REASON));
    }).toList();
  }

  private List<SyntheticSet> sets(RunSummary run) {
    Dataset<Row> t = read(Documents.SYNTHETIC_TABLE, run);
    if (t == null) {
      return List.of();
    }
    Column gen = col(LineageColumns.path(LineageColumns.GENERATOR));
    return t.groupBy(col(LineageColumns.path(LineageColumns.SET_ID)).as("set_id"),
            gen.getField(LineageColumns.GENERATOR_NAME).as("generator"),
            gen.getField(LineageColumns.GENERATOR_MODEL).as("model"),
            gen.getField(LineageColumns.GENERATOR_VERSION).as("version"),
            col(LineageColumns.path(LineageColumns.SEED_TABLE)).as("seed_table"),
            col(LineageColumns.path(LineageColumns.SEED_VERSION)).as("seed_version"),
            col(LineageColumns.path(LineageColumns.DEPTH)).as("depth"),
            col(LineageColumns.path(LineageColumns.PARENT_SET)).as("parent_set"))
        .agg(count(lit(1)).as("documents"),
            sort_array(collect_set(col(LineageColumns.path(LineageColumns.PROMPT_HASH)))).as("prompt_hashes"))
        .orderBy("depth", "set_id").collectAsList().stream()
        .map(r -> new SyntheticSet(r.getAs("set_id"), r.getAs("generator"), r.getAs("model"), r.getAs("version"),
            r.<String>getList(r.fieldIndex("prompt_hashes")), r.getAs("seed_table"), r.<Long>getAs("seed_version"),
            r.<Integer>getAs("depth"), r.getAs("parent_set"), r.<Long>getAs("documents")))
        .toList();
  }

  private List<RealSource> sources(RunSummary run) {
    Dataset<Row> t = read(Documents.REAL_TABLE, run);
    if (t == null) {
      return List.of();
    }
    Column embedded = col(Documents.SOURCE_FILE).rlike(EmbeddedCorpus.INSTALLED_FILE_PATTERN);
    Map<String, String> provenance = embeddedProvenance();
    return t.groupBy(Documents.SOURCE)
        .agg(count(lit(1)).as("documents"), sum(when(embedded, 1).otherwise(0)).as("embedded"))
        .orderBy(Documents.SOURCE).collectAsList().stream()
        .map(r -> {
          long docs = r.<Long>getAs("documents");
          // Only a source read entirely from the bundled corpus has a known licence; never guess.
          boolean known = docs > 0 && r.<Long>getAs("embedded") == docs;
          return new RealSource(r.getAs(Documents.SOURCE), docs,
              known ? provenance.getOrDefault("licence", UNKNOWN) : UNKNOWN,
              known ? provenance.getOrDefault("origin", UNKNOWN) : UNKNOWN,
              known ? provenance.getOrDefault("preprocessing", UNKNOWN) : UNKNOWN);
        })
        .toList();
  }

  /** The bundled corpus's provenance file (licence, origin, preprocessing). */
  static Map<String, String> embeddedProvenance() {
    try (InputStream in = ReportLoader.class.getClassLoader().getResourceAsStream(EmbeddedCorpus.PROVENANCE_RESOURCE)) {
      if (in == null) {
        return Map.of();
      }
      JsonNode node = new ObjectMapper().readTree(in);
      Map<String, String> out = new TreeMap<>();
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    } catch (IOException e) {
      return Map.of();
    }
  }
}
