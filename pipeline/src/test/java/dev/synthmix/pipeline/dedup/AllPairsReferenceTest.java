package dev.synthmix.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AllPairsReferenceTest {

  @Test
  void prefixFilterFindsExactlyTheBruteForcePairs() {
    SplittableRandom r = new SplittableRandom(5);
    Map<String, long[]> sets = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      // Few distinct tokens so that many pairs land on both sides of the threshold.
      int size = 1 + r.nextInt(30);
      long[] s = new long[size];
      for (int k = 0; k < size; k++) {
        s[k] = r.nextInt(40);
      }
      if (i > 0 && r.nextInt(3) == 0) {
        // A near copy of an earlier set: one token added, so J = n / (n + 1) or 1.
        long[] earlier = sets.get("id" + r.nextInt(i));
        s = Arrays.copyOf(earlier, earlier.length + 1);
        s[earlier.length] = r.nextInt(40);
      }
      sets.put("id" + i, Arrays.stream(s).sorted().distinct().toArray());
    }
    sets.put("empty1", new long[0]);
    sets.put("empty2", new long[0]);
    for (double t : new double[] {0.5, 0.8}) {
      List<String> expected = new ArrayList<>();
      List<String> ids = new ArrayList<>(sets.keySet());
      for (int i = 0; i < ids.size(); i++) {
        for (int j = i + 1; j < ids.size(); j++) {
          long[] a = sets.get(ids.get(i));
          long[] b = sets.get(ids.get(j));
          if (a.length > 0 && b.length > 0 && Jaccard.of(a, b) >= t) {
            expected.add(key(ids.get(i), ids.get(j)));
          }
        }
      }
      List<String> actual =
          AllPairsReference.pairs(sets, t).stream().map(p -> key(p.a(), p.b())).toList();
      assertThat(expected).as("brute-force pairs at %s", t).isNotEmpty();
      assertThat(actual).as("threshold %s", t).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String key(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }
}
