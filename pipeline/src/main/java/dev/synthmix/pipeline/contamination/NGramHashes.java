package dev.synthmix.pipeline.contamination;

/**
 * 64-bit hashes of every run of {@code k} consecutive words, from the words' own 64-bit hashes
 * ({@link dev.synthmix.pipeline.text.TokenHashes}): a rolling polynomial over the word hashes, so a
 * document of {@code w} words costs O(w) for each length, then a finaliser that spreads the bits
 * and folds in {@code k}, so grams of different lengths never share a hash by construction.
 *
 * <p>Hashes only find candidates; every match is confirmed on the words themselves before it is
 * reported (see {@link Contamination}).
 */
public final class NGramHashes {

  /** Odd multiplier of the rolling polynomial (the 64-bit golden ratio). */
  private static final long BASE = 0x9E3779B97F4A7C15L;

  private NGramHashes() {}

  /** The hashes of the {@code words.length - k + 1} grams of {@code k} words, in order; none if shorter. */
  public static long[] of(long[] words, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("Cannot hash grams of " + k + " words");
    }
    int n = words.length - k + 1;
    if (n <= 0) {
      return new long[0];
    }
    long top = 1;
    for (int i = 1; i < k; i++) {
      top *= BASE;
    }
    long h = 0;
    for (int i = 0; i < k; i++) {
      h = h * BASE + words[i];
    }
    long[] out = new long[n];
    out[0] = finish(h, k);
    for (int i = 1; i < n; i++) {
      h = (h - words[i - 1] * top) * BASE + words[i + k - 1];
      out[i] = finish(h, k);
    }
    return out;
  }

  /** The hash of the gram of all of {@code words}. */
  public static long whole(long[] words) {
    return of(words, words.length)[0];
  }

  /** MurmurHash3's 64-bit finaliser over the polynomial with the length folded in. */
  private static long finish(long h, int k) {
    long x = h ^ ((long) k * 0xC2B2AE3D27D4EB4FL);
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return x;
  }
}
