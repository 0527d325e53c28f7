package dev.synthmix.pipeline.dedup;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three tables of the dedup stage, as DataFrames for the caller to write.
 *
 * @param pairs {@code dup_pairs}, see {@link dev.synthmix.pipeline.schema.DupPairs}
 * @param clusters {@code dup_clusters}, see {@link dev.synthmix.pipeline.schema.DupClusters}
 * @param rates {@code dup_rates}, see {@link dev.synthmix.pipeline.schema.DupRates}
 */
public record DupResult(Dataset<Row> pairs, Dataset<Row> clusters, Dataset<Row> rates) {}
