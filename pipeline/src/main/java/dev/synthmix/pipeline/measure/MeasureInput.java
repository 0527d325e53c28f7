package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every measure of one run reads.
 *
 * @param mix the training mix (shape {@link dev.synthmix.pipeline.schema.TrainingMix#SCHEMA})
 * @param sliced the mix with the audit's slice in its category column (the mix itself by default)
 * @param profile the shared scan of the mix
 * @param synthetic the docs_synthetic version read, or null when there is none
 * @param features the mix's text features (text_hash, band keys, lengths), or null when no
 *     measure of the run needs them
 */
public record MeasureInput(DeltaStore store, RunLedger ledger, Dataset<Row> mix, Dataset<Row> sliced,
    MixProfile profile, Dataset<Row> synthetic, Dataset<Row> features) {

  /** The features; fails with what to fix when the run did not compute them. */
  public Dataset<Row> requireFeatures(String measure) {
    if (features == null) {
      throw new IllegalStateException("Cannot run " + measure + ": the run computed no features");
    }
    return features;
  }
}
