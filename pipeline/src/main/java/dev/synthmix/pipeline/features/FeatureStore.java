package dev.synthmix.pipeline.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.DocFeaturesTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.sketch.BloomFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The features of a mix's texts, from {@code doc_features} where they are stored and computed for
 * the rest: only texts whose (features key, text_hash) has no row are read and tokenised, and their
 * rows are added in one insert-only MERGE, so a rerun with the same texts and settings computes and
 * commits nothing.
 *
 * <p>The texts to compute are picked map-side with a Bloom filter of their hashes (no shuffle of
 * the texts; false positives are computed and dropped again by a join of the small feature rows).
 */
public final class FeatureStore {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureStore.class);

  private static final String STORED = "_stored";

  /**
   * The features of a mix, with what it took.
   *
   * @param rows text_hash, tokens, chars, band_keys: at least one row per distinct text of the mix
   * @param texts distinct texts of the mix
   * @param computed of those, how many were computed by this run (the rest were stored)
   * @param tokens words in the distinct texts
   */
  public record Result(Dataset<Row> rows, long texts, long computed, long tokens) {}

  private FeatureStore() {}

  /** The features of {@code mix}'s texts (columns text_hash, text) for {@code spec}. */
  public static Result forMix(DeltaStore store, Dataset<Row> mix, FeatureSpec spec, RunLedger ledger) {
    String key = spec.key();
    boolean exists = store.exists(DocFeaturesTable.TABLE);
    Dataset<Row> hashes = mix.select(TrainingMix.TEXT_HASH).distinct();
    Dataset<Row> marked = exists
        ? hashes.join(stored(store, key).select(col(DocFeaturesTable.TEXT_HASH), lit(true).as(STORED)),
            DocFeaturesTable.TEXT_HASH, "left")
        : hashes.withColumn(STORED, lit(null).cast(DataTypes.BooleanType));
    marked = marked.localCheckpoint();
    Row counts = marked.agg(count(lit(1)), count(col(STORED))).first();
    long texts = counts.getLong(0);
    long missing = texts - counts.getLong(1);
    if (missing > 0) {
      Dataset<Row> todo = marked.where(col(STORED).isNull()).select(DocFeaturesTable.TEXT_HASH);
      Dataset<Row> source = mix.select(TrainingMix.TEXT_HASH, TrainingMix.TEXT);
      Broadcast<BloomFilter> filter = null;
      try {
        if (missing < texts) {
          // Broadcast, not captured: a filter of 10^7 hashes is 12 MB, too big to ship in every task.
          filter = JavaSparkContext.fromSparkContext(store.spark().sparkContext())
              .broadcast(todo.stat().bloomFilter(DocFeaturesTable.TEXT_HASH, Math.max(1_000, missing), 0.01));
          source = source.filter(mightContain(filter).apply(col(TrainingMix.TEXT_HASH)));
        }
        Dataset<Row> computed = DocFeatures.distinct(source, spec);
        if (missing < texts) {
          computed = computed.join(todo, DocFeaturesTable.TEXT_HASH, "left_semi");
        }
        write(store, columns(computed.withColumn(DocFeaturesTable.FEATURES_KEY, lit(key))
            .withColumn(DocFeaturesTable.RUN_ID, lit(ledger.context().runId())), DocFeaturesTable.SCHEMA), spec, ledger);
      } finally {
        if (filter != null) {
          filter.destroy();
        }
      }
    }
    // Read once: the totals below and the measures after read these rows.
    Dataset<Row> rows = columns(stored(store, key), DocFeaturesTable.COMPUTED)
        .join(marked.select(DocFeaturesTable.TEXT_HASH), DocFeaturesTable.TEXT_HASH, "left_semi")
        .localCheckpoint();
    Row sums = rows.agg(functions.sum(col(DocFeaturesTable.TOKENS)), functions.sum(col(DocFeaturesTable.CHARS))).first();
    long tokens = sums.isNullAt(0) ? 0 : sums.getLong(0);
    long chars = sums.isNullAt(1) ? 0 : sums.getLong(1);
    ledger.count("features.texts", texts);
    ledger.count("features.computed", missing);
    LOG.info("features: {} distinct texts ({} words, {} characters); {} computed, {} reused from {} ({})", texts,
        tokens, chars, missing, texts - missing, DocFeaturesTable.TABLE, key);
    return new Result(rows, texts, missing, tokens);
  }

  private static Dataset<Row> columns(Dataset<Row> rows, StructType schema) {
    return rows.select(Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new));
  }

  private static Dataset<Row> stored(DeltaStore store, String key) {
    return store.read(DocFeaturesTable.TABLE).where(col(DocFeaturesTable.FEATURES_KEY).equalTo(key));
  }

  private static void write(DeltaStore store, Dataset<Row> rows, FeatureSpec spec, RunLedger ledger) {
    store.spark().sparkContext().setJobDescription("compute and write " + DocFeaturesTable.TABLE);
    Map<String, Object> metadata = Map.of("operation", "write-" + DocFeaturesTable.TABLE, "features_key", spec.key(),
        "features", spec.describe());
    OptionalLong created = store.createWith(DocFeaturesTable.TABLE, rows, List.of(DocFeaturesTable.FEATURES_KEY),
        Map.of("synthmix.description", "features per distinct text and feature settings (features_key): tokens,"
            + " characters, LSH band keys; rows are added, never rewritten"), ledger, metadata);
    if (created.isEmpty()) {
      // Insert-only on (key, text): a concurrent run that added the same texts leaves one row each.
      store.merge(DocFeaturesTable.TABLE, rows, List.of(DocFeaturesTable.FEATURES_KEY, DocFeaturesTable.TEXT_HASH),
          null, ledger, metadata);
    }
  }

  /** A map-side test of the hashes that may be in the filter (1 % false positives). */
  private static org.apache.spark.sql.expressions.UserDefinedFunction mightContain(Broadcast<BloomFilter> filter) {
    return udf((UDF1<String, Boolean>) h -> h != null && filter.value().mightContainString(h), DataTypes.BooleanType);
  }
}
