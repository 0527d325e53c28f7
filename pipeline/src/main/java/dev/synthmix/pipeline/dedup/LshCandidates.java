package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Shingles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Candidate pairs from MinHash LSH, with bounded work per bucket.
 *
 * <ol>
 *   <li>One pass per partition computes shingles, the MinHash signature and the band keys of each
 *       document and emits one row per band: (band key, text key, doc_id). Nothing per shingle
 *       leaves the JVM loop. Documents without shingles emit nothing, so they never become
 *       candidates.
 *   <li>Rows are collapsed per (band key, text key), keeping the minimum doc_id: identical texts
 *       have identical signatures, so an exact group of thousands of copies is one bucket member
 *       (its representative), and the collapse happens map-side.
 *   <li>Within a bucket, members are ordered by a hash of (band key, doc_id) and cut into
 *       sub-buckets of at most {@code maxBucketSize}. Each member is paired with the first {@code
 *       anchors} members of its sub-bucket (its anchors), and the first member of each further
 *       sub-bucket with the first member of the bucket. A bucket of k members thus gives at most
 *       k·anchors + k/maxBucketSize pairs instead of k(k−1)/2, and no join key holds more than
 *       maxBucketSize × anchors pairs.
 * </ol>
 *
 * <p>Why hashed anchors rather than one star to the minimum doc_id: a pair (x, y) is only verified
 * if one of them is an anchor of a bucket they share. With a fixed anchor (the minimum), members of
 * a near-duplicate group would only ever be compared with that one document; a per-band hash picks
 * different anchors in different bands, so over the b bands most pairs of a group are compared
 * directly (and buckets of at most anchors + 1 members are compared completely). The choice is
 * seeded through the band keys, so it is reproducible.
 *
 * <p>Output: distinct pairs ({@code doc_id_a < doc_id_b}) of exact-group representatives.
 */
public final class LshCandidates {

  static final String BAND_KEY = "band_key";
  static final String TEXT_KEY = "text_key";
  private static final String ORDER = "anchor_order";
  private static final String RANK = "rank";
  private static final String SIZE = "bucket_size";
  private static final String SUB = "sub_bucket";
  private static final String POS = "position";

  private static final StructType BAND_ROWS =
      new StructType()
          .add(BAND_KEY, DataTypes.LongType, false)
          .add(TEXT_KEY, DataTypes.LongType, false)
          .add(TrainingMix.DOC_ID, DataTypes.StringType, false);

  private LshCandidates() {}

  /** Candidate pairs of {@code docs} (needs doc_id, text_hash, text). */
  public static Dataset<Row> candidates(Dataset<Row> docs, DedupSettings settings) {
    Dataset<Row> members =
        bandRows(docs, settings)
            .groupBy(BAND_KEY, TEXT_KEY)
            .agg(min(TrainingMix.DOC_ID).as(TrainingMix.DOC_ID));
    return pairsWithinBuckets(members, settings.maxBucketSize(), settings.anchors());
  }

  /** One row per (document, band): the band key of the document in that band. */
  static Dataset<Row> bandRows(Dataset<Row> docs, DedupSettings settings) {
    int size = settings.shingleSize();
    Shingles.Kind kind = settings.shingleKind();
    MinHasher hasher = settings.minHasher();
    LshBanding banding = settings.banding();
    MapPartitionsFunction<Row, Row> toBands =
        rows -> new BandRowIterator(rows, size, kind, hasher, banding);
    return docs.select(TrainingMix.DOC_ID, TrainingMix.TEXT_HASH, TrainingMix.TEXT)
        .mapPartitions(toBands, Encoders.row(BAND_ROWS));
  }

  /** Anchor pairs inside buckets of (band_key, doc_id) members; see the class comment. */
  static Dataset<Row> pairsWithinBuckets(Dataset<Row> members, int maxBucketSize, int anchors) {
    Dataset<Row> ranked =
        members
            .withColumn(ORDER, xxhash64(col(BAND_KEY), col(TrainingMix.DOC_ID)))
            .withColumn(
                RANK,
                row_number().over(Window.partitionBy(BAND_KEY).orderBy(ORDER, TrainingMix.DOC_ID)))
            .withColumn(SIZE, count(lit(1)).over(Window.partitionBy(BAND_KEY)))
            .filter(col(SIZE).gt(1))
            .withColumn(SUB, floor(col(RANK).minus(1).divide(maxBucketSize)))
            .withColumn(POS, pmod(col(RANK).minus(1), lit(maxBucketSize)))
            .select(BAND_KEY, SUB, POS, TrainingMix.DOC_ID);

    Dataset<Row> anchorRows =
        ranked
            .filter(col(POS).lt(anchors))
            .select(
                col(BAND_KEY),
                col(SUB),
                col(POS).as("anchor_pos"),
                col(TrainingMix.DOC_ID).as("anchor_id"));
    Dataset<Row> toAnchors =
        ranked
            .join(anchorRows, new String[] {BAND_KEY, SUB}, "inner")
            .filter(col("anchor_pos").lt(col(POS)))
            .select(col(TrainingMix.DOC_ID).as("x"), col("anchor_id").as("y"));

    Dataset<Row> bucketHeads =
        ranked
            .filter(col(SUB).equalTo(0).and(col(POS).equalTo(0)))
            .select(col(BAND_KEY), col(TrainingMix.DOC_ID).as("head_id"));
    Dataset<Row> subHeadsToHead =
        ranked
            .filter(col(SUB).gt(0).and(col(POS).equalTo(0)))
            .join(bucketHeads, BAND_KEY)
            .select(col(TrainingMix.DOC_ID).as("x"), col("head_id").as("y"));

    return toAnchors
        .union(subHeadsToHead)
        .select(
            least(col("x"), col("y")).as(DupPairs.DOC_ID_A),
            greatest(col("x"), col("y")).as(DupPairs.DOC_ID_B))
        .distinct();
  }

  /** The first 64 bits of the 128-bit hex text hash. */
  static long textKey(String textHash) {
    return Long.parseUnsignedLong(textHash.substring(0, 16), 16);
  }

  /**
   * Emits the band rows of each document lazily, so a partition never holds more than one
   * document's rows at a time.
   */
  private static final class BandRowIterator implements Iterator<Row> {
    private final Iterator<Row> docs;
    private final int size;
    private final Shingles.Kind kind;
    private final MinHasher hasher;
    private final LshBanding banding;
    private final List<Row> pending = new ArrayList<>();
    private int next;

    BandRowIterator(
        Iterator<Row> docs, int size, Shingles.Kind kind, MinHasher hasher, LshBanding banding) {
      this.docs = docs;
      this.size = size;
      this.kind = kind;
      this.hasher = hasher;
      this.banding = banding;
    }

    @Override
    public boolean hasNext() {
      while (next == pending.size()) {
        if (!docs.hasNext()) {
          return false;
        }
        fill(docs.next());
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.get(next++);
    }

    private void fill(Row doc) {
      pending.clear();
      next = 0;
      String docId = doc.getString(0);
      String text = doc.getString(2);
      long[] signature = hasher.signature(Shingles.of(text, size, kind));
      if (signature == null) {
        return;
      }
      long textKey = textKey(doc.getString(1));
      for (long key : banding.keys(signature)) {
        pending.add(RowFactory.create(key, textKey, docId));
      }
    }
  }
}
