package dev.synthmix.pipeline.dedup;

/** Exact Jaccard similarity of two shingle sets given as sorted arrays without repeats. */
public final class Jaccard {

  private Jaccard() {}

  /** |a ∩ b| / |a ∪ b| by one merge pass; 0 when both sets are empty. */
  public static double of(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 0.0;
    }
    int common = intersectionSize(a, b);
    return (double) common / (a.length + b.length - common);
  }

  /** Size of the intersection of two sorted arrays without repeats. */
  public static int intersectionSize(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      long x = a[i];
      long y = b[j];
      if (x == y) {
        common++;
        i++;
        j++;
      } else if (x < y) {
        i++;
      } else {
        j++;
      }
    }
    return common;
  }
}
