package dev.synthmix.pipeline.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact answer for small inputs, on one machine: every pair of shingle sets with Jaccard ≥ t,
 * found by the AllPairs prefix filter (Bayardo, Ma, Srikant 2007).
 *
 * <p>Shingles are renumbered by ascending document frequency, so every set's prefix holds its
 * rarest shingles. Two sets x, y with J(x, y) ≥ t must share a shingle within their first {@code
 * |x| − ⌈t·|x|⌉ + 1} shingles, and |y| ≥ t·|x|. Sets are probed in ascending size against an
 * inverted index of the prefixes seen so far, then verified exactly. Empty sets are never paired.
 *
 * <p>Used by tests and the benchmark to measure recall and precision of the LSH stage; it keeps
 * every set in memory, so it is not for production sizes.
 */
public final class AllPairsReference {

  /** A verified pair, {@code a < b} by id. */
  public record Pair(String a, String b, double jaccard) {}

  private AllPairsReference() {}

  /** All pairs with Jaccard ≥ {@code threshold} among {@code sets} (id → sorted unique hashes). */
  public static List<Pair> pairs(Map<String, long[]> sets, double threshold) {
    // Document frequency of every shingle, then a dense rank: rarest first.
    Map<Long, Integer> frequency = new HashMap<>();
    for (long[] set : sets.values()) {
      for (long s : set) {
        frequency.merge(s, 1, Integer::sum);
      }
    }
    Long[] tokens = frequency.keySet().toArray(new Long[0]);
    Arrays.sort(
        tokens, Comparator.<Long>comparingInt(frequency::get).thenComparing(Long::compareTo));
    Map<Long, Integer> rank = new HashMap<>(tokens.length * 2);
    for (int i = 0; i < tokens.length; i++) {
      rank.put(tokens[i], i);
    }

    List<String> ids = new ArrayList<>();
    List<int[]> ranked = new ArrayList<>();
    sets.forEach(
        (id, set) -> {
          if (set.length > 0) {
            int[] r = new int[set.length];
            for (int i = 0; i < set.length; i++) {
              r[i] = rank.get(set[i]);
            }
            Arrays.sort(r);
            ids.add(id);
            ranked.add(r);
          }
        });
    Integer[] order = new Integer[ids.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.<Integer>comparingInt(i -> ranked.get(i).length).thenComparing(ids::get));

    Map<Integer, List<Integer>> index = new HashMap<>();
    List<Pair> out = new ArrayList<>();
    int[] seenAt = new int[order.length];
    Arrays.fill(seenAt, -1);
    for (int probe = 0; probe < order.length; probe++) {
      int x = order[probe];
      int[] set = ranked.get(x);
      int prefix = set.length - (int) Math.ceil(threshold * set.length - 1e-9) + 1;
      double minSize = threshold * set.length - 1e-9;
      for (int p = 0; p < prefix; p++) {
        List<Integer> postings = index.get(set[p]);
        if (postings == null) {
          continue;
        }
        for (int y : postings) {
          if (seenAt[y] == probe || ranked.get(y).length < minSize) {
            continue;
          }
          seenAt[y] = probe;
          double j = jaccard(set, ranked.get(y));
          if (j >= threshold) {
            String a = ids.get(x);
            String b = ids.get(y);
            out.add(a.compareTo(b) < 0 ? new Pair(a, b, j) : new Pair(b, a, j));
          }
        }
      }
      for (int p = 0; p < prefix; p++) {
        index.computeIfAbsent(set[p], k -> new ArrayList<>()).add(x);
      }
    }
    return out;
  }

  private static double jaccard(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }
}
