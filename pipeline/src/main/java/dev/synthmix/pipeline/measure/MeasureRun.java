package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.features.FeatureSpec;
import dev.synthmix.pipeline.features.FeatureStore;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs measures: each as one stage that writes its outputs as the run date's slice, reads them
 * back and gives its metric rows, so a table is computed once and its metrics read what was
 * stored. The metric rows come back as small local relations.
 */
public final class MeasureRun {

  private MeasureRun() {}

  /** Runs {@code measures} in order; their metric rows in one dataset ({@link RunMetricsTable#SCHEMA}). */
  public static Dataset<Row> run(List<Measure> measures, MeasureInput input) {
    Dataset<Row> metrics = null;
    for (Measure measure : measures) {
      Dataset<Row> rows = run(measure, input);
      metrics = metrics == null ? rows : metrics.unionByName(rows);
    }
    return metrics == null ? input.store().spark().createDataFrame(List.of(), RunMetricsTable.SCHEMA) : metrics;
  }

  /** Runs one measure as its stage. */
  public static Dataset<Row> run(Measure measure, MeasureInput input) {
    DeltaStore store = input.store();
    try (Stage stage = Stage.begin(store.spark().sparkContext(), input.ledger(), measure.stage(), measure.description())
        .in(input.profile().documents())) {
      Map<String, Dataset<Row>> stored = new LinkedHashMap<>();
      for (Measure.Output output : measure.outputs(input)) {
        DatedOutputs.write(store, output.table(), output.rows(), input.ledger(), output.description());
        stored.put(output.table(), DatedOutputs.slice(store, output.table(), input.ledger().context().runDate()));
      }
      // Collected inside the stage: a few rows per group and metric, never per document, and the
      // anomaly check, run_metrics and the gates then read them without recomputing any measure.
      Dataset<Row> metrics = measure.metrics(input, stored);
      return store.spark().createDataFrame(metrics.collectAsList(), metrics.schema());
    }
  }

  /**
   * The features stage: each distinct text's features for {@code spec}, read from doc_features or
   * computed once and stored (see {@link FeatureStore}).
   */
  public static Dataset<Row> features(DeltaStore store, RunLedger ledger, Dataset<Row> mix, FeatureSpec spec,
      long documents) {
    try (Stage stage = Stage.begin(store.spark().sparkContext(), ledger, "features",
        "lengths and LSH band keys of each distinct text, from doc_features or computed once").in(documents)) {
      return FeatureStore.forMix(store, mix, spec, ledger).rows();
    }
  }
}
