package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedup stage of a run: {@link NearDuplicates#find} over the training mix, the three tables
 * written as the run date's slice, and the rates as long-format metrics per scope, category,
 * generator and depth (see {@link DupRates} for the two shares): {@link MetricCatalogue#DUP_EXACT_REDUNDANT_SHARE}
 * (gated), {@link MetricCatalogue#DUP_NEAR_REDUNDANT_SHARE}, {@link MetricCatalogue#DUP_ANY_REDUNDANT_SHARE}, {@link
 * MetricCatalogue#DUP_EXACT_MEMBER_SHARE}, {@link MetricCatalogue#DUP_NEAR_MEMBER_SHARE}, {@link MetricCatalogue#DUP_ANY_MEMBER_SHARE}, and {@link
 * #LEAKAGE_RATE}: the share of synthetic documents with an exact or near match in real.
 */
public final class DedupStage {

  private static final Logger LOG = LoggerFactory.getLogger(DedupStage.class);

  public static final String PAIRS = "dup_pairs";
  public static final String CLUSTERS = "dup_clusters";
  public static final String RATES = "dup_rates";
  public static final String LEAKAGE_RATE = MetricCatalogue.DUP_LEAKAGE_RATE;

  private DedupStage() {}

  /**
   * Finds, writes and returns this run's duplicate metrics (long format).
   *
   * @param features the mix's text features for {@code settings.features()} (text_hash, band_keys)
   */
  public static Dataset<Row> run(DeltaStore store, DedupSettings settings, Dataset<Row> mix, Dataset<Row> features,
      RunLedger ledger) {
    DupResult r = NearDuplicates.find(mix, features, settings);
    DatedOutputs.write(store, PAIRS, r.pairs(), ledger, "verified duplicate pairs (doc_id_a < doc_id_b, exact jaccard, kind)");
    DatedOutputs.write(store, CLUSTERS, r.clusters(), ledger, "duplicate clusters (connected components of verified pairs)");
    DatedOutputs.write(store, RATES, r.rates(), ledger, "duplicate and leakage rates per scope x category x generator");
    Dataset<Row> rates = store.read(RATES).where(col(DatedOutputs.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(ledger.context().runDate()))));
    Row totals = store.read(PAIRS).where(col(DatedOutputs.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(ledger.context().runDate()))))
        .agg(org.apache.spark.sql.functions.count(lit(1)),
            org.apache.spark.sql.functions.sum(when(col(DupPairs.KIND).equalTo(DupPairs.KIND_NEAR), 1).otherwise(0)))
        .first();
    long pairs = totals.getLong(0);
    long near = totals.isNullAt(1) ? 0 : totals.getLong(1);
    ledger.count("dedup.pairs", pairs);
    ledger.count("dedup.near_pairs", near);
    LOG.info("dedup: {} verified pairs ({} near, {} exact) at Jaccard >= {}", pairs, near, pairs - near,
        settings.threshold());
    return metrics(rates);
  }

  /** dup_rates rows → long-format metrics. */
  static Dataset<Row> metrics(Dataset<Row> rates) {
    Column origin = when(col(DupRates.SCOPE).equalTo(DupPairs.SCOPE_REAL_REAL), lit(TrainingMix.ORIGIN_REAL))
        .otherwise(lit(TrainingMix.ORIGIN_SYNTHETIC));
    Column[] metrics = {
      metric(MetricCatalogue.DUP_EXACT_REDUNDANT_SHARE, col(DupRates.EXACT_REDUNDANT_SHARE)),
      metric(MetricCatalogue.DUP_NEAR_REDUNDANT_SHARE, col(DupRates.NEAR_REDUNDANT_SHARE)),
      metric(MetricCatalogue.DUP_ANY_REDUNDANT_SHARE, col(DupRates.ANY_REDUNDANT_SHARE)),
      metric(MetricCatalogue.DUP_EXACT_MEMBER_SHARE, col(DupRates.EXACT_RATE)),
      metric(MetricCatalogue.DUP_NEAR_MEMBER_SHARE, col(DupRates.NEAR_RATE)),
      metric(MetricCatalogue.DUP_ANY_MEMBER_SHARE, col(DupRates.ANY_RATE)),
      metric(LEAKAGE_RATE,
          when(col(DupRates.SCOPE).equalTo(DupPairs.SCOPE_SYNTHETIC_REAL), col(DupRates.ANY_RATE))),
    };
    // Per-set rows stay in dup_rates: run_metrics has no set tag, and two sets of one generator
    // and depth would give one series two values.
    Column pooledSet = col(DupRates.SET_ID).isNull().or(col(DupRates.SET_ID).equalTo(DupRates.ALL));
    return rates
        .where(pooledSet)
        .select(col(DupRates.SCOPE), col(DupRates.CATEGORY), col(DupRates.GENERATOR), col(DupRates.DEPTH),
            origin.as("_origin"), explode(array(metrics)).as("_x"))
        .where(col("_x.v").isNotNull())
        .select(
            col("_x.m").as(RunMetricsTable.METRIC),
            col("_x.v").as(RunMetricsTable.VALUE),
            col(DupRates.SCOPE).as(RunMetricsTable.SCOPE),
            col(DupRates.CATEGORY).as(RunMetricsTable.CATEGORY),
            col(DupRates.GENERATOR).as(RunMetricsTable.GENERATOR),
            col(DupRates.DEPTH).cast("int").as(RunMetricsTable.DEPTH),
            col("_origin").as(RunMetricsTable.ORIGIN));
  }

  private static Column metric(String name, Column value) {
    return struct(lit(name).as("m"), value.cast("double").as("v"));
  }
}
