package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The dedup stage's tables (written by the audit's dedup measure, {@code
 * measure.DedupMeasure}, from {@link NearDuplicates#find}) and its rates as long-format metrics
 * per scope, category, generator and depth (see {@link DupRates} for the two shares): {@link MetricCatalogue#DUP_EXACT_REDUNDANT_SHARE}
 * (gated), {@link MetricCatalogue#DUP_NEAR_REDUNDANT_SHARE}, {@link MetricCatalogue#DUP_ANY_REDUNDANT_SHARE}, {@link
 * MetricCatalogue#DUP_EXACT_MEMBER_SHARE}, {@link MetricCatalogue#DUP_NEAR_MEMBER_SHARE}, {@link MetricCatalogue#DUP_ANY_MEMBER_SHARE}, and {@link
 * #LEAKAGE_RATE}: the share of synthetic documents with an exact or near match in real.
 */
public final class DedupStage {

  public static final String PAIRS = "dup_pairs";
  public static final String CLUSTERS = "dup_clusters";
  public static final String RATES = "dup_rates";
  public static final String LEAKAGE_RATE = MetricCatalogue.DUP_LEAKAGE_RATE;

  private DedupStage() {}

  /** dup_rates rows → long-format metrics. */
  public static Dataset<Row> metrics(Dataset<Row> rates) {
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
