package dev.synthmix.pipeline.measure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.dedup.DedupStage;
import dev.synthmix.pipeline.dedup.DupResult;
import dev.synthmix.pipeline.dedup.NearDuplicates;
import dev.synthmix.pipeline.schema.DupPairs;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact and near duplicates of the mix ({@link NearDuplicates#find}, from the documents' stored
 * features): dup_pairs, dup_clusters and dup_rates, and the rates as metrics ({@link DedupStage#metrics}).
 */
public final class DedupMeasure implements Measure {

  private static final Logger LOG = LoggerFactory.getLogger(DedupMeasure.class);

  private final DedupSettings settings;

  public DedupMeasure(DedupSettings settings) {
    this.settings = settings;
  }

  @Override
  public String stage() {
    return "dedup";
  }

  @Override
  public String description() {
    return "exact + MinHash LSH near duplicates, verified";
  }

  @Override
  public List<Output> outputs(MeasureInput input) {
    DupResult r = NearDuplicates.find(input.mix(), input.requireFeatures(stage()), settings);
    return List.of(
        new Output(DedupStage.PAIRS, r.pairs(), "verified duplicate pairs (doc_id_a < doc_id_b, exact jaccard, kind)"),
        new Output(DedupStage.CLUSTERS, r.clusters(), "duplicate clusters (connected components of verified pairs)"),
        new Output(DedupStage.RATES, r.rates(), "duplicate and leakage rates per scope x category x generator"));
  }

  @Override
  public Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored) {
    Row totals = stored.get(DedupStage.PAIRS)
        .agg(count(lit(1)), sum(when(col(DupPairs.KIND).equalTo(DupPairs.KIND_NEAR), 1).otherwise(0)))
        .first();
    long pairs = totals.getLong(0);
    long near = totals.isNullAt(1) ? 0 : totals.getLong(1);
    input.ledger().count("dedup.pairs", pairs);
    input.ledger().count("dedup.near_pairs", near);
    LOG.info("dedup: {} verified pairs ({} near, {} exact) at Jaccard >= {}", pairs, near, pairs - near,
        settings.threshold());
    return DedupStage.metrics(stored.get(DedupStage.RATES));
  }
}
