package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
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

  /**
   * The current mix: docs_real and docs_synthetic at their latest versions (recorded as the run's
   * inputs), profiled by category, without features; for a command that runs one measure.
   *
   * @param what what the command does, for the error when there is no docs_real ("dedup")
   */
  public static MeasureInput latest(DeltaStore store, RunLedger ledger, String what) {
    long realVersion = store.version(Documents.REAL_TABLE).orElseThrow(() -> SynthmixException.refused(
        "Cannot " + what + ": no docs_real in " + store.root() + "; run ingest-real (or demo) first"));
    ledger.input(Documents.REAL_TABLE, realVersion);
    Dataset<Row> synthetic = store.version(Documents.SYNTHETIC_TABLE).map(v -> {
      ledger.input(Documents.SYNTHETIC_TABLE, v);
      return store.read(Documents.SYNTHETIC_TABLE, v);
    }).orElse(null);
    Dataset<Row> mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE, realVersion), synthetic);
    return new MeasureInput(store, ledger, mix, mix, MixProfile.of(mix, MixSlice.CATEGORY), synthetic, null);
  }

  /** The same input with the mix's features. */
  public MeasureInput withFeatures(Dataset<Row> rows) {
    return new MeasureInput(store, ledger, mix, sliced, profile, synthetic, rows);
  }

  /** The features; fails with what to fix when the run did not compute them. */
  public Dataset<Row> requireFeatures(String measure) {
    if (features == null) {
      throw new IllegalStateException("Cannot run " + measure + ": the run computed no features");
    }
    return features;
  }
}
