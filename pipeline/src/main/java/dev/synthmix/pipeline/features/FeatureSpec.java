package dev.synthmix.pipeline.features;

import dev.synthmix.pipeline.text.Shingles;
import dev.synthmix.pipeline.text.Tokenizer;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The settings that shape a text's features: how it is tokenised and shingled, the MinHash
 * signature, and the LSH banding of that signature. Two runs with equal specs compute equal
 * features for equal texts, so {@link #key()} names the rows of {@code doc_features} a run may
 * reuse; any other setting (thresholds of reported pairs, bucket caps, anchors) is applied after
 * the features and does not enter the key.
 *
 * @param shingleSize words (or code points) per shingle
 * @param shingleKind word or character shingles
 * @param tokenizer how text is cut into words
 * @param minHash MinHash construction
 * @param permutations signature length
 * @param seed seed of the MinHash and the band keys
 * @param bands LSH bands
 * @param rows signature positions per band
 */
public record FeatureSpec(
    int shingleSize,
    Shingles.Kind shingleKind,
    Tokenizer tokenizer,
    MinHasher.Scheme minHash,
    int permutations,
    long seed,
    int bands,
    int rows) implements Serializable {

  /**
   * Version of the feature code. Raise it when normalising, tokenising, shingling or hashing
   * changes what a text's features are: stored rows of older versions are then not reused.
   */
  static final int VERSION = 1;

  public FeatureSpec {
    if (shingleSize < 1 || permutations < 1 || bands < 1 || rows < 1 || bands * rows > permutations) {
      throw new IllegalArgumentException("Cannot use features " + shingleSize + "-shingles, " + permutations
          + " permutations, " + bands + " x " + rows + " bands: sizes must be >= 1 and bands x rows <= permutations");
    }
  }

  /** The signature these settings describe. */
  public MinHasher minHasher() {
    return new MinHasher(minHash, permutations, seed);
  }

  /** The banding these settings describe. */
  public LshBanding banding() {
    return new LshBanding(bands, rows, seed);
  }

  /** The settings in words, for logs and the table's properties. */
  public String describe() {
    return String.format(Locale.ROOT, "v%d %s %d-shingles, tokenizer %s, %s MinHash %d seed %d, %d x %d bands",
        VERSION, shingleKind.name().toLowerCase(Locale.ROOT), shingleSize, tokenizer.name().toLowerCase(Locale.ROOT),
        minHash.name().toLowerCase(Locale.ROOT), permutations, seed, bands, rows);
  }

  /** A short stable name of {@link #describe()}: the partition of {@code doc_features} these rows live in. */
  public String key() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(describe().getBytes(StandardCharsets.UTF_8));
      return "f" + VERSION + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
