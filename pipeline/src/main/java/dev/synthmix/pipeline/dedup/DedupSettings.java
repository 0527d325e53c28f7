package dev.synthmix.pipeline.dedup;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.features.FeatureSpec;
import dev.synthmix.pipeline.features.LshBanding;
import dev.synthmix.pipeline.features.MinHasher;
import dev.synthmix.pipeline.text.Shingles;
import dev.synthmix.pipeline.text.Tokenizer;

/**
 * Settings of the near-duplicate stage, immutable and validated at construction.
 *
 * <p>Config keys (relative to the {@code synthmix.dedup} section); the defaults below are those of
 * reference.conf, which is where they live:
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
 *   tokenizer          icu    icu | words: how word shingles cut text (= synthmix.text.tokenizer)
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
 * @param tokenizer how text is cut into the words of word shingles
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
    long seed,
    Tokenizer tokenizer) {

  /** Validates every field; a bad value fails with "Cannot …: reason". */
  public DedupSettings {
    require(threshold >= 0.5 && threshold <= 1.0, "threshold", threshold, "must be in [0.5, 1]");
    require(shingleSize >= 1, "shingle-size", shingleSize, "must be >= 1");
    require(permutations >= 1 && permutations <= 4096, "permutations", permutations, "1..4096");
    require(bands >= 0 && rows >= 0, "bands x rows", bands + "x" + rows, "must be >= 0");
    require((bands == 0) == (rows == 0), "bands x rows", bands + "x" + rows, "set both or none");
    require(
        bands * rows <= permutations, "bands x rows", bands + "x" + rows, "exceeds permutations");
    require(tokenizer != null, "tokenizer", null, "icu or words");
    require(fpWeight > 0 && fnWeight > 0, "fp/fn-weight", fpWeight + "/" + fnWeight, "must be > 0");
    require(maxBucketSize >= 2, "max-bucket-size", maxBucketSize, "must be >= 2");
    require(anchors >= 1 && anchors < maxBucketSize, "anchors", anchors, "1..max-bucket-size-1");
    require(
        clusterThreshold >= threshold && clusterThreshold <= 1.0,
        "cluster-threshold",
        clusterThreshold,
        "must be in [threshold, 1]");
  }

  /** The section of reference.conf that holds every default, and nothing else does. */
  public static final String SECTION = "synthmix.dedup";

  /** The defaults: reference.conf's {@code synthmix.dedup} section (no values live in Java). */
  public static DedupSettings defaults() {
    return fromConfig(ConfigFactory.empty());
  }

  /**
   * Reads a {@code synthmix.dedup} section; keys absent from it come from reference.conf, the one
   * place defaults live. {@code cluster-threshold} absent or null means "the threshold", so
   * raising the threshold alone is valid.
   */
  public static DedupSettings fromConfig(Config dedup) {
    Config c = dedup.withFallback(reference());
    double threshold = c.getDouble("threshold");
    return new DedupSettings(
        threshold,
        c.getInt("shingle-size"),
        Shingles.Kind.parse(c.getString("shingle-kind")),
        MinHasher.Scheme.parse(c.getString("minhash")),
        c.getInt("permutations"),
        c.getInt("bands"),
        c.getInt("rows"),
        c.getDouble("fp-weight"),
        c.getDouble("fn-weight"),
        c.getInt("max-bucket-size"),
        c.getInt("anchors"),
        c.hasPath("cluster-threshold") ? c.getDouble("cluster-threshold") : threshold,
        c.getLong("seed"),
        Tokenizer.parse(c.getString("tokenizer")));
  }

  private static Config reference() {
    // Not ConfigFactory.defaultReference(): that folds in system properties, which the caller's
    // config already carries (or, in a test, deliberately does not).
    return ConfigFactory.parseResourcesAnySyntax(DedupSettings.class.getClassLoader(), "reference")
        .resolve()
        .getConfig(SECTION);
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
        seed,
        tokenizer);
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
        seed,
        tokenizer);
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
        seed,
        tokenizer);
  }

  /** The banding in effect: explicit bands × rows, or the choice for the threshold. */
  public LshBanding banding() {
    if (bands > 0) {
      return new LshBanding(bands, rows, seed);
    }
    int[] br = LshBanding.choose(threshold, permutations, fpWeight, fnWeight);
    return new LshBanding(br[0], br[1], seed);
  }

  /** What these settings make of each text before any pair is formed: the doc_features key. */
  public FeatureSpec features() {
    LshBanding b = banding();
    return new FeatureSpec(shingleSize, shingleKind, tokenizer, minHash, permutations, seed, b.bands(), b.rows());
  }

  private static void require(boolean ok, String key, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Cannot use synthmix.dedup." + key + " = " + value + ": " + reason);
    }
  }
}
