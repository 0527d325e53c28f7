package dev.synthmix.pipeline.mix;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Documents per origin × generator × depth × category of a mix ({@link MixProfileTable#SCHEMA}):
 * what a measure reads when it is given a bare mix instead of the audit's shared profile.
 */
public final class MixCounts {

  private MixCounts() {}

  /** The counts of {@code mix} (shape {@link TrainingMix#SCHEMA}); lazy, one shuffle of small rows. */
  public static Dataset<Row> of(Dataset<Row> mix) {
    return mix.groupBy(
            col(TrainingMix.ORIGIN), col(TrainingMix.GENERATOR), col(TrainingMix.DEPTH), col(TrainingMix.CATEGORY))
        .agg(count(lit(1)).as(MixProfileTable.DOCUMENTS));
  }
}
