package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.features.DocFeatures;
import dev.synthmix.pipeline.schema.DocFeaturesTable;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Candidate pairs from MinHash LSH, with bounded work per bucket.
 *
 * <ol>
 *   <li>Each document's band keys come from its text's features ({@code features/DocFeatures}:
 *       shingles, MinHash signature and band keys in one pass per partition, stored in
 *       {@code doc_features}); one row per band is emitted: (band key, member order, doc_id).
 *       Documents without shingles have no band keys, so they never become candidates.
 *   <li>One shuffle by band key, then a sort within partitions by (band key, member order,
 *       doc_id): each bucket is a run of consecutive rows, and one linear scan pairs its members.
 *       No aggregation buffer, no window, no self-join: memory per task is a few rows, whatever
 *       the bucket size.
 *   <li>The member order is a per-band mix of the text's hash, so identical texts are adjacent in
 *       a bucket and collapse to one member (the smallest doc_id): an exact group of thousands of
 *       copies is one bucket member (its representative).
 *   <li>Members, in that order, are cut into sub-buckets of at most {@code maxBucketSize}. Each
 *       member is paired with the first {@code anchors} members of its sub-bucket (its anchors),
 *       and the first member of each further sub-bucket with the first member of the bucket. A
 *       bucket of k members thus gives at most k·anchors + k/maxBucketSize pairs instead of
 *       k(k−1)/2.
 * </ol>
 *
 * <p>Why hashed anchors rather than one star to the minimum doc_id: a pair (x, y) is only verified
 * if one of them is an anchor of a bucket they share. With a fixed anchor, members of a
 * near-duplicate group would only ever be compared with that one document; a per-band order picks
 * different anchors in different bands, so over the b bands most pairs of a group are compared
 * directly (and buckets of at most anchors + 1 members are compared completely). The order depends
 * only on the band key and the text, so it is reproducible and independent of partitioning.
 *
 * <p>Output: distinct pairs ({@code doc_id_a < doc_id_b}) of exact-group representatives.
 */
public final class LshCandidates {

  static final String BAND_KEY = "band_key";
  static final String ORDER = "member_order";
  private static final String X = "x";
  private static final String Y = "y";

  private static final StructType BAND_ROWS =
      new StructType()
          .add(BAND_KEY, DataTypes.LongType, false)
          .add(ORDER, DataTypes.LongType, false)
          .add(TrainingMix.DOC_ID, DataTypes.StringType, false);

  private static final StructType PAIRS =
      new StructType().add(X, DataTypes.StringType, false).add(Y, DataTypes.StringType, false);

  private LshCandidates() {}

  /**
   * Candidate pairs of {@code docs} (needs doc_id, text_hash, text), band keys computed here per
   * document: for a one-off run in memory, where dropping repeated texts first would cost a shuffle
   * and a join back (measured 1.5x slower at 100k documents).
   */
  public static Dataset<Row> candidates(Dataset<Row> docs, DedupSettings settings) {
    return fromBandKeys(DocFeatures.perDocument(docs, settings.features()), settings);
  }

  /**
   * Candidate pairs of {@code docs} (needs doc_id, text_hash) from {@code features} of their texts
   * (text_hash, band_keys; made with {@code settings.features()}).
   */
  public static Dataset<Row> candidates(Dataset<Row> docs, Dataset<Row> features, DedupSettings settings) {
    return fromBandKeys(
        docs.select(TrainingMix.DOC_ID, TrainingMix.TEXT_HASH)
            .join(features.select(DocFeaturesTable.TEXT_HASH, DocFeaturesTable.BAND_KEYS), TrainingMix.TEXT_HASH),
        settings);
  }

  /** Candidate pairs from each document's band keys (columns doc_id, text_hash, band_keys). */
  private static Dataset<Row> fromBandKeys(Dataset<Row> docBands, DedupSettings settings) {
    int maxBucketSize = settings.maxBucketSize();
    int anchors = settings.anchors();
    MapPartitionsFunction<Row, Row> scan = rows -> new BucketScan(rows, maxBucketSize, anchors);
    return bandRows(docBands)
        .repartition(col(BAND_KEY))
        .sortWithinPartitions(BAND_KEY, ORDER, TrainingMix.DOC_ID)
        .mapPartitions(scan, Encoders.row(PAIRS))
        .select(
            org.apache.spark.sql.functions.least(col(X), col(Y)).as(DupPairs.DOC_ID_A),
            org.apache.spark.sql.functions.greatest(col(X), col(Y)).as(DupPairs.DOC_ID_B))
        .distinct();
  }

  /**
   * One row per (document, band): the band key and the member order of the document's text.
   * Documents without band keys (no shingles) have none.
   */
  private static Dataset<Row> bandRows(Dataset<Row> docBands) {
    MapPartitionsFunction<Row, Row> toBands = BandRowIterator::new;
    return docBands.where(col(DocFeaturesTable.BAND_KEYS).isNotNull())
        .select(TrainingMix.DOC_ID, TrainingMix.TEXT_HASH, DocFeaturesTable.BAND_KEYS)
        .mapPartitions(toBands, Encoders.row(BAND_ROWS));
  }

  /**
   * The order of a text among the members of a bucket: a 64-bit mix of the band key and the text
   * key, so it differs per band but is equal for equal texts.
   */
  static long memberOrder(long bandKey, long textKey) {
    long h = Murmur3_x86_32.hashLong(textKey, (int) bandKey) & 0xFFFFFFFFL;
    return (h << 32) | (Murmur3_x86_32.hashLong(textKey, (int) (bandKey >>> 32)) & 0xFFFFFFFFL);
  }

  /** The first 64 bits of the 128-bit hex text hash. */
  static long textKey(String textHash) {
    return Long.parseUnsignedLong(textHash.substring(0, 16), 16);
  }

  /**
   * Turns each input row into zero or more output rows, lazily, so a partition never holds more
   * than one input row's outputs at a time.
   */
  private abstract static class Expanding implements Iterator<Row> {
    private final Iterator<Row> input;
    private final List<Row> pending = new ArrayList<>();
    private int next;

    Expanding(Iterator<Row> input) {
      this.input = input;
    }

    /** Adds the outputs of {@code row} to {@code out}. */
    abstract void expand(Row row, List<Row> out);

    @Override
    public final boolean hasNext() {
      while (next == pending.size()) {
        if (!input.hasNext()) {
          return false;
        }
        pending.clear();
        next = 0;
        expand(input.next(), pending);
      }
      return true;
    }

    @Override
    public final Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.get(next++);
    }
  }

  /** The band rows of each document (doc_id, text_hash, band_keys). */
  private static final class BandRowIterator extends Expanding {

    BandRowIterator(Iterator<Row> docs) {
      super(docs);
    }

    @Override
    void expand(Row doc, List<Row> pending) {
      String docId = doc.getString(0);
      long textKey = textKey(doc.getString(1));
      List<Long> keys = doc.getList(2);
      for (long key : keys) {
        pending.add(RowFactory.create(key, memberOrder(key, textKey), docId));
      }
    }
  }

  /**
   * Pairs the members of each bucket in one pass over rows sorted by (band key, member order,
   * doc_id); see the class comment. Holds the current bucket's head and its sub-bucket's anchors.
   */
  static final class BucketScan extends Expanding {
    private final int maxBucketSize;
    private final String[] anchorIds;
    private boolean started;
    private long band;
    private long order;
    private String head;
    private long position; // of the current member in its bucket (distinct texts only)

    BucketScan(Iterator<Row> rows, int maxBucketSize, int anchors) {
      super(rows);
      this.maxBucketSize = maxBucketSize;
      this.anchorIds = new String[anchors];
    }

    @Override
    void expand(Row r, List<Row> pending) {
      long b = r.getLong(0);
      long o = r.getLong(1);
      String id = r.getString(2);
      if (!started || b != band) {
        started = true;
        band = b;
        order = o;
        head = id;
        position = 0;
        anchorIds[0] = id;
        return;
      }
      if (o == order) {
        return; // the same text as the previous member: its representative has the smaller doc_id
      }
      order = o;
      position++;
      int pos = (int) (position % maxBucketSize);
      if (pos == 0) {
        pending.add(RowFactory.create(id, head)); // a further sub-bucket's head meets the bucket's
      }
      for (int a = 0; a < Math.min(pos, anchorIds.length); a++) {
        pending.add(RowFactory.create(id, anchorIds[a]));
      }
      if (pos < anchorIds.length) {
        anchorIds[pos] = id;
      }
    }
  }
}
