package dev.synthmix.pipeline.features;

import java.io.Serializable;

/**
 * LSH banding of MinHash signatures: {@code bands} bands of {@code rows} positions each; two
 * documents become candidates when all rows of at least one band agree. A pair of Jaccard
 * similarity s does so with probability {@code P(s) = 1 − (1 − s^r)^b}.
 *
 * <p>(b, r) is chosen per threshold t by minimising, over all b·r ≤ permutations,
 *
 * <pre>
 *   fpWeight · ∫₀ᵗ P(s) ds  +  fnWeight · ∫ₜ¹ (1 − P(s)) ds
 * </pre>
 *
 * (false-positive area below the threshold, false-negative area above it; Simpson's rule, 1,000
 * steps). False positives only cost verification work, as every candidate is verified exactly,
 * while false negatives are lost pairs, so the default weights (fp 1, fn 60) favour recall. With
 * 128 permutations they give ("recall" is the mean of P(s) over s uniform in [t, 1]):
 *
 * <pre>
 *   t     b × r     P(t)     FP area  FN area   recall
 *   0.5   35 × 3    0.9907   0.229    0.00027   0.9995
 *   0.6   32 × 4    0.9882   0.221    0.00032   0.9992
 *   0.7   24 × 5    0.9879   0.216    0.00030   0.9990
 *   0.8   18 × 7    0.9855   0.184    0.00029   0.9986
 *   0.9   10 × 12   0.9638   0.113    0.00054   0.9946
 * </pre>
 *
 * The measured false-negative rates on perturbed corpora are in BENCHMARKS.md.
 *
 * <p>Each band key is one 64-bit hash of the band index and its r values, so keys of different
 * bands never meet in one bucket.
 */
public final class LshBanding implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int STEPS = 1000;

  private final int bands;
  private final int rows;
  private final long seed;

  /** Banding of {@code bands} × {@code rows}, band keys seeded with {@code seed}. */
  public LshBanding(int bands, int rows, long seed) {
    if (bands < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "Cannot band with " + bands + " bands of " + rows + " rows: both must be >= 1");
    }
    this.bands = bands;
    this.rows = rows;
    this.seed = seed;
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /** The (b, r) with least weighted error area for {@code threshold}; b·r ≤ permutations. */
  public static int[] choose(double threshold, int permutations, double fpWeight, double fnWeight) {
    double best = Double.MAX_VALUE;
    int[] choice = null;
    for (int r = 1; r <= permutations; r++) {
      for (int b = 1; b * r <= permutations; b++) {
        double cost =
            fpWeight * falsePositiveArea(threshold, b, r)
                + fnWeight * falseNegativeArea(threshold, b, r);
        if (cost < best) {
          best = cost;
          choice = new int[] {b, r};
        }
      }
    }
    return choice;
  }

  /** Probability that a pair of Jaccard {@code s} shares at least one band bucket. */
  public static double candidateProbability(double s, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  /** ∫₀ᵗ P(s) ds. */
  public static double falsePositiveArea(double threshold, int bands, int rows) {
    return simpson(0, threshold, bands, rows, false);
  }

  /** ∫ₜ¹ (1 − P(s)) ds. */
  public static double falseNegativeArea(double threshold, int bands, int rows) {
    return simpson(threshold, 1, bands, rows, true);
  }

  private static double simpson(double from, double to, int bands, int rows, boolean miss) {
    double h = (to - from) / STEPS;
    double sum = 0;
    for (int i = 0; i <= STEPS; i++) {
      double s = from + i * h;
      double p = candidateProbability(s, bands, rows);
      double f = miss ? 1 - p : p;
      double w = (i == 0 || i == STEPS) ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * f;
    }
    return sum * h / 3;
  }

  /** The {@code bands} keys of a signature; band i covers positions [i·r, (i+1)·r). */
  public long[] keys(long[] signature) {
    long[] keys = new long[bands];
    for (int band = 0; band < bands; band++) {
      long h = MinHasher.mix(seed ^ (0x9E3779B97F4A7C15L * (band + 1)));
      int from = band * rows;
      for (int k = from; k < from + rows; k++) {
        h = MinHasher.mix(h ^ (signature[k] * 0xC2B2AE3D27D4EB4FL + k));
      }
      keys[band] = h;
    }
    return keys;
  }
}
