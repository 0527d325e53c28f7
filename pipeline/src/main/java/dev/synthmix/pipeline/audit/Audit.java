package dev.synthmix.pipeline.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.dedup.DedupStage;
import dev.synthmix.pipeline.diversity.Collapse;
import dev.synthmix.pipeline.features.FeatureStore;
import dev.synthmix.pipeline.gates.GateVerdict;
import dev.synthmix.pipeline.gates.Gates;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.LineageTrace;
import dev.synthmix.pipeline.metrics.AnomalyCheck;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.metrics.MetricsLong;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.GateVerdictsTable;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.schema.Scala;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit of the current training mix: coverage, diversity and collapse indicators, exact and
 * near duplicates with leakage rates ({@link DedupStage}, from each text's features in {@link FeatureStore}), all as long-format metrics in {@code run_metrics}, an anomaly check
 * against earlier run dates, and the quality gates. Every table is the run date's slice.
 */
public final class Audit {

  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  public static final String COVERAGE = "coverage";
  public static final String COVERAGE_SUMMARY = "coverage_summary";
  public static final String DIVERSITY = "diversity";
  public static final String COLLAPSE = "collapse";
  public static final String RUN_METRICS = "run_metrics";
  public static final String ANOMALIES = "anomalies";
  public static final String GATE_VERDICTS = GateVerdictsTable.TABLE;

  /** Metric: share of synthetic rows whose lineage can be followed (see {@link LineageTrace}). */
  public static final String LINEAGE_PRESENT_SHARE = LineageTrace.PRESENT_SHARE;
  /** Metric: how many metrics moved against earlier runs (see {@link AnomalyCheck}). */
  public static final String ANOMALY_COUNT = MetricCatalogue.ANOMALY_COUNT;

  private Audit() {}

  /** The audit of the latest table versions. */
  public static AuditResult run(DeltaStore store, AuditSettings settings, RunLedger ledger,
      Function<Dataset<Row>, Dataset<Row>> extraMetrics) {
    return run(store, settings, ledger, extraMetrics, AuditInputs.latest());
  }

  /**
   * @param extraMetrics more long-format metrics of this run (e.g. duplicate rates), given the mix;
   *     may return null
   * @param inputs the docs_real / docs_synthetic versions to read (a backfill's are its date's)
   */
  public static AuditResult run(DeltaStore store, AuditSettings settings, RunLedger ledger,
      Function<Dataset<Row>, Dataset<Row>> extraMetrics, AuditInputs inputs) {
    var sc = store.spark().sparkContext();
    long realVersion = inputs.real().or(() -> store.version(Documents.REAL_TABLE)).orElseThrow(() ->
        dev.synthmix.pipeline.SynthmixException.refused("Cannot audit: no docs_real table in " + store.root()
            + "; run ingest-real (or demo) first"));
    ledger.input(Documents.REAL_TABLE, realVersion);
    Dataset<Row> synthetic = null;
    if (!inputs.noSynthetic() && store.exists(Documents.SYNTHETIC_TABLE)) {
      long v = inputs.synthetic().or(() -> store.version(Documents.SYNTHETIC_TABLE)).orElseThrow();
      ledger.input(Documents.SYNTHETIC_TABLE, v);
      synthetic = store.read(Documents.SYNTHETIC_TABLE, v);
      if (inputs.isLatest()) {
        SyntheticIngest.generators(store).forEach(ledger::generator);
      } else {
        // The table property lists today's generators; a past version's are in its rows.
        synthetic.select(col(LineageColumns.path(LineageColumns.GENERATOR) + "." + LineageColumns.GENERATOR_NAME))
            .distinct().as(Encoders.STRING()).collectAsList().forEach(ledger::generator);
      }
    }
    if (!inputs.isLatest()) {
      LOG.info("audit of {} as of docs_real v{}{} ({})", ledger.context().runDate(), realVersion,
          synthetic == null ? ", no docs_synthetic" : ", docs_synthetic v" + ledger.inputVersions().get(Documents.SYNTHETIC_TABLE),
          inputs.source());
    }
    Dataset<Row> mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE, realVersion), synthetic)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Counted first: it fills the cache every stage below reads, and gives each its rows in.
      Row sizes = mix.agg(count(lit(1)),
          count(when(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC), 1))).first();
      long docs = sizes.getLong(0);
      long syn = sizes.getLong(1);
      // Coverage, diversity and collapse group by the category column: by language when so set.
      Dataset<Row> sliced = settings.sliceBy().apply(mix);
      if (settings.sliceBy() != MixSlice.CATEGORY) {
        LOG.info("audit: coverage, diversity and collapse sliced by {} ({})", settings.sliceBy().name()
            .toLowerCase(Locale.ROOT), AuditSettings.SLICE_BY);
      }
      try (Stage stage = Stage.begin(sc, ledger, "audit-coverage", "coverage per category and generator").in(docs)) {
        Coverage.Result coverage = new Coverage(settings.coverage()).measure(sliced);
        DatedOutputs.write(store, COVERAGE, coverage.table(), ledger, "coverage per category x generator");
        DatedOutputs.write(store, COVERAGE_SUMMARY, coverage.summary(), ledger, "coverage summary per generator");
      }
      // Derived tables are written first, then read back for the metrics: each is computed once.
      try (Stage stage = Stage.begin(sc, ledger, "audit-diversity",
          "diversity per origin, generator, depth and category; collapse indicators per generator and depth")
          .in(docs)) {
        Collapse.Measured measured = new Collapse(settings.diversity()).measure(sliced);
        DatedOutputs.write(store, DIVERSITY, measured.diversity(), ledger,
            "diversity per origin x generator x depth x category");
        DatedOutputs.write(store, COLLAPSE, measured.collapse(), ledger,
            "collapse indicators: ratio to real per generator and depth");
      }
      Dataset<Row> coverageStored = slice(store, COVERAGE, ledger);
      Dataset<Row> summaryStored = slice(store, COVERAGE_SUMMARY, ledger);
      Coverage.Result stored = new Coverage.Result(coverageStored, summaryStored);

      List<Dataset<Row>> parts = new ArrayList<>();
      parts.add(MetricsLong.fromCoverage(stored));
      parts.add(MetricsLong.fromDiversity(slice(store, DIVERSITY, ledger)));
      parts.add(MetricsLong.fromCollapse(slice(store, COLLAPSE, ledger)));
      if (synthetic != null) {
        parts.add(LineageTrace.metrics(store, synthetic));
      }
      FeatureStore.Result features;
      try (Stage stage = Stage.begin(sc, ledger, "features",
          "lengths and LSH band keys of each distinct text, from doc_features or computed once").in(docs)) {
        features = FeatureStore.forMix(store, mix, settings.dedup().features(), ledger);
      }
      try (Stage stage = Stage.begin(sc, ledger, "dedup", "exact + MinHash LSH near duplicates, verified").in(docs)) {
        parts.add(DedupStage.run(store, settings.dedup(), mix, features.rows(), ledger));
      }
      Dataset<Row> extra = extraMetrics == null ? null : extraMetrics.apply(mix);
      if (extra != null) {
        parts.add(extra.select(RunMetricsTable.SCHEMA.fieldNames()[0], rest(RunMetricsTable.SCHEMA.fieldNames())));
      }
      Dataset<Row> today = parts.stream().reduce(Dataset::unionByName).orElseThrow();

      long anomalyCount;
      try (Stage stage = Stage.begin(sc, ledger, "audit-anomalies", "anomaly check against earlier run dates")) {
        // Written on the first run too (empty then), so every run date leaves the same tables.
        Dataset<Row> history = store.exists(RUN_METRICS)
            ? store.read(RUN_METRICS).drop(DatedOutputs.RUN_ID)
                .where(col(DatedOutputs.RUN_DATE).lt(lit(java.sql.Date.valueOf(ledger.context().runDate()))))
            : today.limit(0).withColumn(DatedOutputs.RUN_DATE, lit(null).cast(DataTypes.DateType));
        Dataset<Row> anomalies = new AnomalyCheck(settings.anomaly()).check(history, today, DatedOutputs.RUN_DATE);
        DatedOutputs.write(store, ANOMALIES, anomalies, ledger, "metrics that moved against the last runs");
        anomalyCount = slice(store, ANOMALIES, ledger).count();
      }
      Dataset<Row> anomalyMetric = store.spark().createDataFrame(List.of(RowFactory.create(ANOMALY_COUNT, (double) anomalyCount,
          MetricCatalogue.SCOPE_ANOMALY, "*", "*", null, "*")), RunMetricsTable.SCHEMA);
      Dataset<Row> metrics;
      long metricCount;
      try (Stage stage = Stage.begin(sc, ledger, "audit-metrics", "write run_metrics")) {
        DatedOutputs.write(store, RUN_METRICS, today.unionByName(anomalyMetric), ledger,
            "one row per metric per run (long format): metric, value and tags");
        metrics = slice(store, RUN_METRICS, ledger).drop(DatedOutputs.RUN_ID, DatedOutputs.RUN_DATE);
        metricCount = metrics.count();
        stage.in(metricCount);
      }
      List<GateVerdict> verdicts;
      try (Stage stage = Stage.begin(sc, ledger, "audit-gates", "quality gates").in(metricCount)) {
        verdicts = Gates.evaluate(metrics, settings.gates(), Gates.groupSizes(mix));
        DatedOutputs.write(store, GATE_VERDICTS, verdictRows(store, verdicts), ledger, "quality gate verdicts per run");
      }
      ledger.count("audit.metrics", metricCount);
      ledger.count("audit.anomalies", anomalyCount);
      ledger.count("audit.gates_failed", verdicts.stream().filter(v -> !v.passed()).count());
      LOG.info("audit: {} documents ({} synthetic), {} metrics, {} anomalies, {} gates ({} not passed)", docs, syn,
          metricCount, anomalyCount, verdicts.size(), verdicts.stream().filter(v -> !v.passed()).count());
      return new AuditResult(verdicts, docs, syn, metricCount, anomalyCount);
    } finally {
      mix.unpersist();
    }
  }

  /** This run date's rows of a dated table. */
  private static Dataset<Row> slice(DeltaStore store, String table, RunLedger ledger) {
    return store.read(table).where(col(DatedOutputs.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(ledger.context().runDate()))))
        .drop(DatedOutputs.RUN_ID, DatedOutputs.RUN_DATE);
  }

  static final StructType VERDICT_SCHEMA = new StructType()
      .add(GateVerdictsTable.GATE, DataTypes.StringType, false)
      .add(GateVerdictsTable.METRIC, DataTypes.StringType, false)
      .add(GateVerdictsTable.COMPARATOR, DataTypes.StringType, false)
      .add(GateVerdictsTable.THRESHOLD, DataTypes.DoubleType, false)
      .add(GateVerdictsTable.OBSERVED, DataTypes.DoubleType, true)
      .add(GateVerdictsTable.WORST_TAGS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
      .add(GateVerdictsTable.MATCHED_ROWS, DataTypes.LongType, false)
      .add(GateVerdictsTable.FAILING_ROWS, DataTypes.LongType, false)
      .add(GateVerdictsTable.STATUS, DataTypes.StringType, false)
      .add(GateVerdictsTable.PASSED, DataTypes.BooleanType, false)
      .add(GateVerdictsTable.SEVERITY, DataTypes.StringType, false)
      .add(GateVerdictsTable.MESSAGE, DataTypes.StringType, false);

  static Dataset<Row> verdictRows(DeltaStore store, List<GateVerdict> verdicts) {
    List<Row> rows = new ArrayList<>();
    for (GateVerdict v : verdicts) {
      rows.add(RowFactory.create(v.name(), v.metric(), v.comparator().symbol(), v.threshold(), v.observed(),
          v.worstTags() == null ? null : Scala.map(v.worstTags()), v.matchedRows(), v.failingRows(), v.status().label(),
          v.passed(), v.severity().configName(), v.message()));
    }
    return store.spark().createDataFrame(rows, VERDICT_SCHEMA);
  }

  private static String[] rest(String[] names) {
    return java.util.Arrays.copyOfRange(names, 1, names.length);
  }
}
