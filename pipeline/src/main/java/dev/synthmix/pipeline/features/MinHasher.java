package dev.synthmix.pipeline.features;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MinHash signatures of shingle-hash sets, seeded and reproducible.
 *
 * <p>Two schemes, with the same collision probability per signature position (≈ the Jaccard
 * similarity of the two sets):
 *
 * <ul>
 *   <li>{@link Scheme#CLASSIC}: P independent permutations {@code h_i(x) = (a_i·x + b_i) mod (2^61
 *       − 1)}, the 122-bit product taken with {@link Math#multiplyHigh} and folded with the
 *       Mersenne identity {@code 2^61 ≡ 1}. Costs P multiply-folds per shingle.
 *   <li>{@link Scheme#OPH}: one-permutation hashing (Li, Owen, Zhang 2012): each shingle is mixed
 *       once and falls into one of P bins, keeping the minimum per bin; empty bins are filled by
 *       optimal densification (Shrivastava 2017): bin i borrows from the first non-empty bin in its
 *       own seeded probe sequence, which is the same sequence for every document, so two documents
 *       borrow from the same place and the collision probability stays the Jaccard. Costs one mix
 *       per shingle, so it is several times faster than classic; MinHasherTest checks that its mean
 *       absolute error against the true Jaccard matches classic's.
 * </ul>
 *
 * <p>A set without shingles has no signature ({@code null}): an all-maximum signature would make
 * every empty or unshingleable document collide with every other one.
 */
public final class MinHasher implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Mersenne prime 2^61 − 1. */
  static final long MERSENNE_61 = (1L << 61) - 1;

  /** Which MinHash construction. */
  public enum Scheme {
    CLASSIC,
    OPH;

    /** Parses {@code classic} or {@code oph}, case-insensitively. */
    public static Scheme parse(String value) {
      try {
        return Scheme.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Cannot use MinHash scheme '" + value + "': expected oph or classic", e);
      }
    }
  }

  private final Scheme scheme;
  private final int permutations;
  private final long seed;
  private final long[] a;
  private final long[] b;

  /** A hasher of {@code permutations} positions drawn from {@code seed}. */
  public MinHasher(Scheme scheme, int permutations, long seed) {
    if (permutations < 1) {
      throw new IllegalArgumentException(
          "Cannot build MinHash with " + permutations + " permutations: must be >= 1");
    }
    this.scheme = scheme;
    this.permutations = permutations;
    this.seed = seed;
    this.a = new long[permutations];
    this.b = new long[permutations];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < permutations; i++) {
      a[i] = 1 + random.nextLong(MERSENNE_61 - 1);
      b[i] = random.nextLong(MERSENNE_61);
    }
  }

  public int permutations() {
    return permutations;
  }

  /** Signature of a sorted, unique shingle-hash set; null when the set is empty. */
  public long[] signature(long[] shingles) {
    if (shingles.length == 0) {
      return null;
    }
    return scheme == Scheme.CLASSIC ? classic(shingles) : oph(shingles);
  }

  /** Share of equal positions: the MinHash estimate of Jaccard similarity. */
  public static double estimate(long[] sigA, long[] sigB) {
    int equal = 0;
    for (int i = 0; i < sigA.length; i++) {
      if (sigA[i] == sigB[i]) {
        equal++;
      }
    }
    return (double) equal / sigA.length;
  }

  private long[] classic(long[] shingles) {
    long[] sig = new long[permutations];
    Arrays.fill(sig, Long.MAX_VALUE);
    for (long shingle : shingles) {
      long x = mod61((shingle & MERSENNE_61) + (shingle >>> 61));
      for (int i = 0; i < permutations; i++) {
        long v = mulAddMod61(a[i], x, b[i]);
        if (v < sig[i]) {
          sig[i] = v;
        }
      }
    }
    return sig;
  }

  private long[] oph(long[] shingles) {
    long[] bins = new long[permutations];
    Arrays.fill(bins, Long.MAX_VALUE);
    int filled = 0;
    for (long shingle : shingles) {
      long h = mix(shingle ^ seed);
      // The top 32 bits choose the bin without modulo bias worth noting; the value compared
      // inside the bin keeps 62 bits so it can never equal the empty marker.
      int bin = (int) (((h >>> 32) * permutations) >>> 32);
      long v = h >>> 2;
      if (v < bins[bin]) {
        if (bins[bin] == Long.MAX_VALUE) {
          filled++;
        }
        bins[bin] = v;
      }
    }
    if (filled == permutations) {
      return bins;
    }
    long[] sig = bins.clone();
    for (int i = 0; i < permutations; i++) {
      if (bins[i] != Long.MAX_VALUE) {
        continue;
      }
      // Optimal densification: probe a seeded sequence that depends only on (seed, i, attempt).
      for (long attempt = 1; ; attempt++) {
        long p = mix(seed + 0x9E3779B97F4A7C15L * (i + 1) + attempt * 0xC2B2AE3D27D4EB4FL);
        int j = (int) (((p >>> 32) * permutations) >>> 32);
        if (bins[j] != Long.MAX_VALUE) {
          sig[i] = bins[j];
          break;
        }
      }
    }
    return sig;
  }

  /** (a·x + b) mod (2^61 − 1) for a, x, b < 2^61, exact. */
  static long mulAddMod61(long a, long x, long b) {
    long lo = a * x;
    long hi = Math.multiplyHigh(a, x);
    // a·x = hi·2^64 + lo = (hi·8 + lo>>>61)·2^61 + (lo & p), and 2^61 ≡ 1 (mod p).
    long folded = (lo & MERSENNE_61) + ((hi << 3) | (lo >>> 61)) + b;
    return mod61(mod61(folded));
  }

  private static long mod61(long v) {
    long r = (v & MERSENNE_61) + (v >>> 61);
    return r >= MERSENNE_61 ? r - MERSENNE_61 : r;
  }

  /** The 64-bit finaliser of MurmurHash3: a bijective mix with full avalanche. */
  static long mix(long z) {
    z ^= z >>> 33;
    z *= 0xFF51AFD7ED558CCDL;
    z ^= z >>> 33;
    z *= 0xC4CEB9FE1A85EC53L;
    z ^= z >>> 33;
    return z;
  }
}
