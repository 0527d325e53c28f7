package dev.synthmix.pipeline.dedup;

import com.typesafe.config.Config;
import dev.synthmix.pipeline.text.Shingles;

/**
 * Settings of the near-duplicate stage, immutable and validated at construction.
 *
 * <p>Config keys (relative to the {@code synthmix.dedup} section) and defaults:
 *
 * <pre>
 *   threshold          0.8    minimum Jaccard of a reported near pair, 0.5 ≤ t ≤ 1
 *   shingle-size       5      words (or code points) per shingle
 *   shingle-kind       word   word | char
 *   minhash            oph    oph | classic
 *   permutations       128    MinHash signature length
 *   bands              0      LSH bands; 0 = choose from threshold (LshBanding.choose)
 *   rows               0      LSH rows per band; 0 = choose from threshold
 *   fp-weight          1.0    weight of the false-positive area when choosing bands × rows
 *   fn-weight          60.0   weight of the false-negative area (favours recall)
 *   max-bucket-size    500    members per LSH sub-bucket before a bucket is split
 *   anchors            4      members per (sub-)bucket every other member is verified against
 *   cluster-threshold  = threshold  minimum Jaccard of an edge used to build clusters
 *   seed               42     seeds MinHash, band keys and anchor choice
 * </pre>
 *
 * @param threshold minimum Jaccard of a reported near pair
 * @param shingleSize words (or code points) per shingle
 * @param shingleKind word or character shingles
 * @param minHash MinHash construction
 * @param permutations signature length
 * @param bands LSH bands (0: choose from the threshold)
 * @param rows rows per band (0: choose from the threshold)
 * @param fpWeight weight of the false-positive area when choosing (b, r)
 * @param fnWeight weight of the false-negative area when choosing (b, r)
 * @param maxBucketSize members per LSH sub-bucket
 * @param anchors members per sub-bucket that every member is paired with
 * @param clusterThreshold minimum Jaccard of an edge used for clusters (≥ threshold)
 * @param seed seed of every random choice
 */
public record DedupSettings(
    double threshold,
    int shingleSize,
    Shingles.Kind shingleKind,
    MinHasher.Scheme minHash,
    int permutations,
    int bands,
    int rows,
    double fpWeight,
    double fnWeight,
    int maxBucketSize,
    int anchors,
    double clusterThreshold,
    long seed) {

  /** Validates every field; a bad value fails with "Cannot …: reason". */
  public DedupSettings {
    require(threshold >= 0.5 && threshold <= 1.0, "threshold", threshold, "must be in [0.5, 1]");
    require(shingleSize >= 1, "shingle-size", shingleSize, "must be >= 1");
    require(permutations >= 1 && permutations <= 4096, "permutations", permutations, "1..4096");
    require(bands >= 0 && rows >= 0, "bands x rows", bands + "x" + rows, "must be >= 0");
    require((bands == 0) == (rows == 0), "bands x rows", bands + "x" + rows, "set both or none");
    require(
        bands * rows <= permutations, "bands x rows", bands + "x" + rows, "exceeds permutations");
    require(fpWeight > 0 && fnWeight > 0, "fp/fn-weight", fpWeight + "/" + fnWeight, "must be > 0");
    require(maxBucketSize >= 2, "max-bucket-size", maxBucketSize, "must be >= 2");
    require(anchors >= 1 && anchors < maxBucketSize, "anchors", anchors, "1..max-bucket-size-1");
    require(
        clusterThreshold >= threshold && clusterThreshold <= 1.0,
        "cluster-threshold",
        clusterThreshold,
        "must be in [threshold, 1]");
  }

  /** The defaults listed in the class comment. */
  public static DedupSettings defaults() {
    return new DedupSettings(
        0.8,
        Shingles.DEFAULT_SIZE,
        Shingles.Kind.WORD,
        MinHasher.Scheme.OPH,
        128,
        0,
        0,
        1.0,
        60.0,
        500,
        4,
        0.8,
        42L);
  }

  /**
   * Reads the {@code synthmix.dedup} section; keys absent from it keep their defaults (the
   * reference.conf the lead adds should list the same values).
   */
  public static DedupSettings fromConfig(Config dedup) {
    DedupSettings d = defaults();
    double threshold = dedup.hasPath("threshold") ? dedup.getDouble("threshold") : d.threshold;
    return new DedupSettings(
        threshold,
        dedup.hasPath("shingle-size") ? dedup.getInt("shingle-size") : d.shingleSize,
        dedup.hasPath("shingle-kind")
            ? Shingles.Kind.parse(dedup.getString("shingle-kind"))
            : d.shingleKind,
        dedup.hasPath("minhash") ? MinHasher.Scheme.parse(dedup.getString("minhash")) : d.minHash,
        dedup.hasPath("permutations") ? dedup.getInt("permutations") : d.permutations,
        dedup.hasPath("bands") ? dedup.getInt("bands") : d.bands,
        dedup.hasPath("rows") ? dedup.getInt("rows") : d.rows,
        dedup.hasPath("fp-weight") ? dedup.getDouble("fp-weight") : d.fpWeight,
        dedup.hasPath("fn-weight") ? dedup.getDouble("fn-weight") : d.fnWeight,
        dedup.hasPath("max-bucket-size") ? dedup.getInt("max-bucket-size") : d.maxBucketSize,
        dedup.hasPath("anchors") ? dedup.getInt("anchors") : d.anchors,
        dedup.hasPath("cluster-threshold") ? dedup.getDouble("cluster-threshold") : threshold,
        dedup.hasPath("seed") ? dedup.getLong("seed") : d.seed);
  }

  /** A copy with another threshold; the cluster threshold follows unless it was stricter. */
  public DedupSettings withThreshold(double t) {
    return new DedupSettings(
        t,
        shingleSize,
        shingleKind,
        minHash,
        permutations,
        bands,
        rows,
        fpWeight,
        fnWeight,
        maxBucketSize,
        anchors,
        Math.max(t, clusterThreshold == threshold ? t : clusterThreshold),
        seed);
  }

  /** A copy with explicit bands × rows. */
  public DedupSettings withBanding(int b, int r) {
    return new DedupSettings(
        threshold,
        shingleSize,
        shingleKind,
        minHash,
        permutations,
        b,
        r,
        fpWeight,
        fnWeight,
        maxBucketSize,
        anchors,
        clusterThreshold,
        seed);
  }

  /** A copy with another anchor count and bucket cap. */
  public DedupSettings withBuckets(int maxBucket, int anchorCount) {
    return new DedupSettings(
        threshold,
        shingleSize,
        shingleKind,
        minHash,
        permutations,
        bands,
        rows,
        fpWeight,
        fnWeight,
        maxBucket,
        anchorCount,
        clusterThreshold,
        seed);
  }

  /** The banding in effect: explicit bands × rows, or the choice for the threshold. */
  public LshBanding banding() {
    if (bands > 0) {
      return new LshBanding(bands, rows, seed);
    }
    int[] br = LshBanding.choose(threshold, permutations, fpWeight, fnWeight);
    return new LshBanding(br[0], br[1], seed);
  }

  /** The MinHash hasher these settings describe. */
  public MinHasher minHasher() {
    return new MinHasher(minHash, permutations, seed);
  }

  private static void require(boolean ok, String key, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Cannot use synthmix.dedup." + key + " = " + value + ": " + reason);
    }
  }
}
