package dev.synthmix.pipeline.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.dedup.DedupSettings;
import org.junit.jupiter.api.Test;

class LshBandingTest {

  @Test
  void defaultChoiceAtPointEightKeepsRecallAboveNinetyFivePercent() {
    DedupSettings d = DedupSettings.defaults();
    LshBanding banding = d.banding();
    assertThat(banding.bands() * banding.rows()).isLessThanOrEqualTo(d.permutations());
    // Mean candidate probability over J uniform in [0.8, 1]: 1 − FN area / 0.2.
    double recall = 1 - LshBanding.falseNegativeArea(0.8, banding.bands(), banding.rows()) / 0.2;
    assertThat(recall).as("expected recall at J >= 0.8").isGreaterThanOrEqualTo(0.95);
    assertThat(LshBanding.candidateProbability(0.3, banding.bands(), banding.rows()))
        .as("pairs at J = 0.3 rarely become candidates")
        .isLessThan(0.01);
  }

  @Test
  void choiceTableForThresholdsHalfToNineTenths() {
    double previousRows = 0;
    for (double t = 0.5; t <= 0.9001; t += 0.1) {
      int[] br = LshBanding.choose(t, 128, 1.0, 60.0);
      System.out.printf(
          "t=%.1f b=%d r=%d P(t)=%.4f fp=%.4f fn=%.5f%n",
          t,
          br[0],
          br[1],
          LshBanding.candidateProbability(t, br[0], br[1]),
          LshBanding.falsePositiveArea(t, br[0], br[1]),
          LshBanding.falseNegativeArea(t, br[0], br[1]));
      assertThat(br[1])
          .as("stricter thresholds need longer bands")
          .isGreaterThanOrEqualTo((int) previousRows);
      previousRows = br[1];
    }
  }

  @Test
  void bandKeysDependOnBandIndexAndValues() {
    LshBanding banding = new LshBanding(4, 2, 42);
    long[] sig = {1, 2, 1, 2, 1, 2, 1, 2};
    long[] keys = banding.keys(sig);
    assertThat(keys).doesNotHaveDuplicates();
    long[] other = sig.clone();
    other[7] = 3;
    long[] otherKeys = banding.keys(other);
    assertThat(otherKeys[0]).isEqualTo(keys[0]);
    assertThat(otherKeys[3]).isNotEqualTo(keys[3]);
  }
}
