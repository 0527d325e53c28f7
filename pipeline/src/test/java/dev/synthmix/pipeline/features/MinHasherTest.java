package dev.synthmix.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.dedup.Jaccard;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinHasherTest {

  @Test
  void mersenneArithmeticIsExact() {
    SplittableRandom r = new SplittableRandom(7);
    BigInteger p = BigInteger.valueOf(MinHasher.MERSENNE_61);
    for (int i = 0; i < 10_000; i++) {
      long a = r.nextLong(MinHasher.MERSENNE_61);
      long x = r.nextLong(MinHasher.MERSENNE_61);
      long b = r.nextLong(MinHasher.MERSENNE_61);
      long expected =
          BigInteger.valueOf(a)
              .multiply(BigInteger.valueOf(x))
              .add(BigInteger.valueOf(b))
              .mod(p)
              .longValueExact();
      assertThat(MinHasher.mulAddMod61(a, x, b)).isEqualTo(expected);
    }
  }

  @Test
  void emptySetHasNoSignatureAndSignaturesAreSeeded() {
    MinHasher oph = new MinHasher(MinHasher.Scheme.OPH, 64, 1);
    assertThat(oph.signature(new long[0])).isNull();
    long[] set = randomSet(new SplittableRandom(3), 200);
    assertThat(oph.signature(set))
        .isEqualTo(new MinHasher(MinHasher.Scheme.OPH, 64, 1).signature(set))
        .isNotEqualTo(new MinHasher(MinHasher.Scheme.OPH, 64, 2).signature(set));
    long[] single = {42L};
    long[] sig = oph.signature(single);
    assertThat(Arrays.stream(sig).distinct().count()).as("densified from one bin").isEqualTo(1);
  }

  /**
   * OPH with optimal densification must be as accurate as classic MinHash: mean absolute error
   * against the true Jaccard over pairs spanning J = 0..1 and set sizes 5..400.
   */
  @Test
  void onePermutationHashingIsAsAccurateAsClassic() {
    SplittableRandom r = new SplittableRandom(11);
    MinHasher classic = new MinHasher(MinHasher.Scheme.CLASSIC, 128, 5);
    MinHasher oph = new MinHasher(MinHasher.Scheme.OPH, 128, 5);
    double classicError = 0;
    double ophError = 0;
    double ophBias = 0;
    int pairs = 2_000;
    for (int i = 0; i < pairs; i++) {
      int size = 5 + r.nextInt(400);
      long[][] pair = pairWithOverlap(r, size, r.nextDouble());
      double truth = Jaccard.of(pair[0], pair[1]);
      double c = MinHasher.estimate(classic.signature(pair[0]), classic.signature(pair[1]));
      double o = MinHasher.estimate(oph.signature(pair[0]), oph.signature(pair[1]));
      classicError += Math.abs(c - truth);
      ophError += Math.abs(o - truth);
      ophBias += o - truth;
    }
    classicError /= pairs;
    ophError /= pairs;
    ophBias /= pairs;
    System.out.printf(
        "MinHash P=128 mean abs error: classic %.4f, OPH %.4f (OPH bias %+.4f)%n",
        classicError, ophError, ophBias);
    assertThat(ophError)
        .as("OPH error vs classic %.4f", classicError)
        .isLessThan(classicError * 1.15 + 0.002);
    assertThat(Math.abs(ophBias)).as("OPH bias").isLessThan(0.005);
    assertThat(classicError).as("classic error, ~sqrt(J(1-J)/P)").isLessThan(0.04);
  }

  private static long[][] pairWithOverlap(SplittableRandom r, int size, double shareOfA) {
    long[] a = randomSet(r, size);
    int keep = (int) Math.round(shareOfA * size);
    long[] b = Arrays.copyOf(a, size);
    for (int i = keep; i < size; i++) {
      b[i] = r.nextLong();
    }
    Arrays.sort(b);
    return new long[][] {a, dedupe(b)};
  }

  private static long[] randomSet(SplittableRandom r, int size) {
    long[] s = new long[size];
    for (int i = 0; i < size; i++) {
      s[i] = r.nextLong();
    }
    Arrays.sort(s);
    return dedupe(s);
  }

  private static long[] dedupe(long[] sorted) {
    return Arrays.stream(sorted).distinct().toArray();
  }
}
