package dev.synthmix.pipeline.coverage;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.mix.MixCounts;
import dev.synthmix.pipeline.schema.CoverageSummaryTable;
import dev.synthmix.pipeline.schema.CoverageTable;
import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per-category coverage of the real categories by each generator of a training mix.
 *
 * <p>Everything is derived from the documents per (category, origin, generator): the audit
 * passes its shared scan ({@link #fromProfile}), so coverage reads no document. See {@link CoverageTable} for the {@code "*"} generator rows.
 */
public final class Coverage {

  private static final String P = "_p";
  private static final String Q = "_q";

  private final CoverageSettings settings;

  public Coverage(CoverageSettings settings) {
    this.settings = settings;
  }

  /** The coverage table and its per-generator summary. */
  public record Result(Dataset<Row> table, Dataset<Row> summary) {}

  /** Coverage of {@code mix} (shape {@link TrainingMix#SCHEMA}). */
  public Result measure(Dataset<Row> mix) {
    return fromProfile(MixCounts.of(mix));
  }

  /**
   * Coverage from a mix's document counts ({@link MixProfileTable#SCHEMA}: the audit's shared
   * scan), without reading a document.
   */
  public Result fromProfile(Dataset<Row> profile) {
    Dataset<Row> table = tableFromProfile(profile);
    return new Result(table, summary(table));
  }

  /** The {@link CoverageTable} of {@code mix}. */
  public Dataset<Row> table(Dataset<Row> mix) {
    return tableFromProfile(MixCounts.of(mix));
  }

  private Dataset<Row> tableFromProfile(Dataset<Row> profile) {
    Column isReal = col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL);
    Dataset<Row> counts =
        profile.groupBy(col(TrainingMix.CATEGORY), col(TrainingMix.ORIGIN), col(TrainingMix.GENERATOR))
            .agg(sum(MixProfileTable.DOCUMENTS).as("n"));

    Dataset<Row> real =
        counts
            .where(isReal)
            .groupBy(TrainingMix.CATEGORY)
            .agg(sum("n").as(CoverageTable.REAL_COUNT));
    Dataset<Row> synthetic =
        counts.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC));
    Dataset<Row> perGenerator =
        synthetic.select(
            col(TrainingMix.CATEGORY),
            // A synthetic row without generator (lineage missing) still needs a non-null join key.
            coalesce(col(TrainingMix.GENERATOR), lit(CoverageTable.UNKNOWN_GENERATOR))
                .as(CoverageTable.GENERATOR),
            col("n"));
    Dataset<Row> overall =
        synthetic.select(
            col(TrainingMix.CATEGORY),
            lit(CoverageTable.ALL).as(CoverageTable.GENERATOR),
            col("n"));
    Dataset<Row> syntheticCounts =
        perGenerator
            .unionByName(overall)
            .groupBy(CoverageTable.CATEGORY, CoverageTable.GENERATOR)
            .agg(sum("n").as(CoverageTable.SYNTHETIC_COUNT));

    // Every real category must appear for every generator (also one with no rows for it), so the
    // real side is crossed with the generator list; "*" is always there so that a mix without any
    // synthetic rows still reports every real category as missing.
    Dataset<Row> generators =
        syntheticCounts
            .select(CoverageTable.GENERATOR)
            .union(
                real.sparkSession()
                    .range(1)
                    .select(lit(CoverageTable.ALL).as(CoverageTable.GENERATOR)))
            .distinct();
    Dataset<Row> realGrid = real.crossJoin(generators);

    Column realCount = coalesce(col(CoverageTable.REAL_COUNT), lit(0L));
    Column synCount = coalesce(col(CoverageTable.SYNTHETIC_COUNT), lit(0L));
    Column share = synCount.cast("double").divide(realCount.plus(synCount));
    return realGrid
        .join(
            syntheticCounts,
            new String[] {CoverageTable.CATEGORY, CoverageTable.GENERATOR},
            "full_outer")
        .select(
            col(CoverageTable.CATEGORY),
            col(CoverageTable.GENERATOR),
            realCount.as(CoverageTable.REAL_COUNT),
            synCount.as(CoverageTable.SYNTHETIC_COUNT),
            share.as(CoverageTable.SYNTHETIC_SHARE),
            when(realCount.gt(0), synCount.cast("double").divide(realCount))
                .as(CoverageTable.SYNTHETIC_REAL_RATIO),
            when(realCount.equalTo(0), lit(CoverageTable.STATUS_SYNTHETIC_ONLY))
                .when(synCount.equalTo(0), lit(CoverageTable.STATUS_MISSING))
                .when(share.gt(settings.overFillCeiling()), lit(CoverageTable.STATUS_OVER_FILLED))
                .otherwise(lit(CoverageTable.STATUS_OK))
                .as(CoverageTable.STATUS));
  }

  /** The {@link CoverageSummaryTable} of a {@link CoverageTable}: one {@code agg} per generator. */
  public static Dataset<Row> summary(Dataset<Row> coverageTable) {
    WindowSpec perGenerator = Window.partitionBy(CoverageTable.GENERATOR);
    Column real = col(CoverageTable.REAL_COUNT);
    Column syn = col(CoverageTable.SYNTHETIC_COUNT);
    // p and q are the real and synthetic category distributions of this generator's rows; a
    // generator without synthetic rows has no q (null), hence no distance.
    Dataset<Row> withDistributions =
        coverageTable
            .withColumn(P, real.cast("double").divide(sum(real).over(perGenerator)))
            .withColumn(
                Q,
                syn.cast("double")
                    .divide(when(sum(syn).over(perGenerator).gt(0), sum(syn).over(perGenerator))));
    return withDistributions
        .groupBy(CoverageTable.GENERATOR)
        .agg(first(summaryAggregates()), rest(summaryAggregates()));
  }

  /** The summary metrics as aggregates over one generator's coverage rows (Deequ style). */
  static List<Column> summaryAggregates() {
    Column real = col(CoverageTable.REAL_COUNT);
    Column syn = col(CoverageTable.SYNTHETIC_COUNT);
    Column status = col(CoverageTable.STATUS);
    Column realCategories = count(when(real.gt(0), lit(1)));
    Column covered = count(when(real.gt(0).and(syn.gt(0)), lit(1)));
    Column synTotal = sum(syn);
    Column nonZeroSynTotal = when(synTotal.gt(0), synTotal);
    return List.of(
        realCategories.as(CoverageSummaryTable.REAL_CATEGORIES),
        covered.as(CoverageSummaryTable.COVERED_CATEGORIES),
        count(when(status.equalTo(CoverageTable.STATUS_MISSING), lit(1)))
            .as(CoverageSummaryTable.MISSING_CATEGORIES),
        count(when(status.equalTo(CoverageTable.STATUS_SYNTHETIC_ONLY), lit(1)))
            .as(CoverageSummaryTable.SYNTHETIC_ONLY_CATEGORIES),
        count(when(status.equalTo(CoverageTable.STATUS_OVER_FILLED), lit(1)))
            .as(CoverageSummaryTable.OVER_FILLED_CATEGORIES),
        sum(real).as(CoverageSummaryTable.REAL_COUNT),
        synTotal.as(CoverageSummaryTable.SYNTHETIC_COUNT),
        synTotal
            .cast("double")
            .divide(synTotal.plus(sum(real)))
            .as(CoverageSummaryTable.SYNTHETIC_SHARE),
        covered
            .cast("double")
            .divide(when(realCategories.gt(0), realCategories))
            .as(CoverageSummaryTable.CATEGORY_COVERAGE),
        sum(when(real.gt(0), syn).otherwise(lit(0L)))
            .cast("double")
            .divide(nonZeroSynTotal)
            .as(CoverageSummaryTable.CATEGORY_ADHERENCE),
        sum(abs(col(P).minus(col(Q)))).divide(2.0).as(CoverageSummaryTable.TV_DISTANCE));
  }

  private static Column first(List<Column> columns) {
    return columns.get(0);
  }

  private static Column[] rest(List<Column> columns) {
    return columns.subList(1, columns.size()).toArray(new Column[0]);
  }
}
