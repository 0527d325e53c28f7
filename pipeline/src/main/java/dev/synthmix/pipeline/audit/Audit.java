package dev.synthmix.pipeline.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.features.FeatureStore;
import dev.synthmix.pipeline.gates.GateVerdict;
import dev.synthmix.pipeline.gates.Gates;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.LineageTrace;
import dev.synthmix.pipeline.metrics.AnomalyCheck;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.measure.ContaminationMeasure;
import dev.synthmix.pipeline.measure.CoverageMeasure;
import dev.synthmix.pipeline.measure.DedupMeasure;
import dev.synthmix.pipeline.measure.DiversityMeasure;
import dev.synthmix.pipeline.measure.LineageMeasure;
import dev.synthmix.pipeline.measure.Measure;
import dev.synthmix.pipeline.measure.MeasureInput;
import dev.synthmix.pipeline.measure.MeasureRun;
import dev.synthmix.pipeline.measure.MixProfile;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.GateVerdictsTable;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.schema.Scala;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The audit of the current training mix: one shared scan ({@link MixProfile}), the texts'
 * features ({@link FeatureStore}), then its {@link Measure}s (coverage, diversity and collapse,
 * lineage, exact and near duplicates with leakage rates), all as long-format metrics in {@code
 * run_metrics}, an anomaly check against earlier run dates, and the quality gates. Every table is
 * the run date's slice.
 */
public final class Audit {

  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  public static final String COVERAGE = CoverageMeasure.COVERAGE;
  public static final String COVERAGE_SUMMARY = CoverageMeasure.COVERAGE_SUMMARY;
  public static final String DIVERSITY = DiversityMeasure.DIVERSITY;
  public static final String COLLAPSE = DiversityMeasure.COLLAPSE;
  public static final String RUN_METRICS = "run_metrics";
  public static final String ANOMALIES = "anomalies";
  public static final String GATE_VERDICTS = GateVerdictsTable.TABLE;

  /** Metric: share of synthetic rows whose lineage can be followed (see {@link LineageTrace}). */
  public static final String LINEAGE_PRESENT_SHARE = LineageTrace.PRESENT_SHARE;
  /** Metric: how many metrics moved against earlier runs (see {@link AnomalyCheck}). */
  public static final String ANOMALY_COUNT = MetricCatalogue.ANOMALY_COUNT;

  private Audit() {}

  /** The audit of the latest table versions. */
  public static AuditResult run(DeltaStore store, AuditSettings settings, RunLedger ledger) {
    return run(store, settings, ledger, AuditInputs.latest());
  }

  /**
   * @param inputs the docs_real / docs_synthetic versions to read (a backfill's are its date's)
   */
  public static AuditResult run(DeltaStore store, AuditSettings settings, RunLedger ledger,
      AuditInputs inputs) {
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
      // The shared scan, first: it fills the cache every stage below reads, and gives each its rows
      // in; coverage, collapse's lineage sizes and the gates' group sizes read nothing else.
      MixProfile profile = MixProfile.of(mix, settings.sliceBy());
      long docs = profile.documents();
      long syn = profile.syntheticDocuments();
      // Coverage, diversity and collapse group by the category column: by language when so set.
      Dataset<Row> sliced = settings.sliceBy().apply(mix);
      if (settings.sliceBy() != MixSlice.CATEGORY) {
        LOG.info("audit: coverage, diversity and collapse sliced by {} ({})", settings.sliceBy().name()
            .toLowerCase(Locale.ROOT), AuditSettings.SLICE_BY);
      }
      Dataset<Row> features = MeasureRun.features(store, ledger, mix, settings.dedup().features(), docs);
      MeasureInput input = new MeasureInput(store, ledger, mix, sliced, profile, synthetic, features);
      Dataset<Row> today = MeasureRun.run(measures(settings), input);

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
        // The gates judge the rows just written; they are local rows already, not a table scan per gate.
        metrics = today.unionByName(anomalyMetric);
        metricCount = metrics.count();
        stage.in(metricCount);
      }
      List<GateVerdict> verdicts;
      try (Stage stage = Stage.begin(sc, ledger, "audit-gates", "quality gates").in(metricCount)) {
        verdicts = Gates.evaluate(metrics, settings.gates(), profile.byCategory());
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

  /** The audit's measures, in run order: each writes its tables and gives its metric rows. */
  static List<Measure> measures(AuditSettings settings) {
    List<Measure> measures = new ArrayList<>(List.of(new CoverageMeasure(settings.coverage()),
        new DiversityMeasure(settings.diversity()), new LineageMeasure(), new DedupMeasure(settings.dedup())));
    if (!settings.contamination().benchmarks().isEmpty()) {
      measures.add(new ContaminationMeasure(settings.contamination()));
    }
    return measures;
  }

  /** This run date's rows of a dated table. */
  private static Dataset<Row> slice(DeltaStore store, String table, RunLedger ledger) {
    return DatedOutputs.slice(store, table, ledger.context().runDate());
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
}
