package dev.synthmix.pipeline.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rewrites real passages with small edits: each word is, with probability r/3 each, dropped,
 * swapped with its neighbour, or replaced by a word from another passage of the same category. The
 * edit rate r is drawn per passage from [minRate, maxRate], so the set spans near-copies (that the
 * audit must flag as leakage) to loose paraphrases (that it need not).
 */
public final class PerturbationGenerator {

  public static final String NAME = "perturb";
  public static final String PROMPT_ID = "perturb-word-edits";
  public static final String PROMPT_TEMPLATE =
      "rewrite {passage} with per-word drop/swap/replace probability r/3 each, r ~ U[{min-edit-rate}, {max-edit-rate}]";

  private PerturbationGenerator() {}

  /**
   * @param seeds real passages, in a deterministic order
   * @param fraction share of the seeds to rewrite (a seeded sample)
   */
  public static List<GeneratedDoc> generate(List<SeedDoc> seeds, double fraction, double minRate, double maxRate,
      long seed, String idPrefix) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<GeneratedDoc> out = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < seeds.size(); i++) {
      if (rng.nextDouble() >= fraction) {
        continue;
      }
      SeedDoc d = seeds.get(i);
      // A replacement word comes from a random passage; same category when the neighbour is.
      SeedDoc donor = seeds.get(rng.nextInt(seeds.size()));
      String[] donorWords = (donor.category().equals(d.category()) ? donor : d).text().trim().split("\\s+");
      double rate = minRate + (maxRate - minRate) * rng.nextDouble();
      n++;
      out.add(new GeneratedDoc(String.format("%s-%05d", idPrefix, n), d.category(), edit(d.text(), rate, donorWords, rng),
          PROMPT_ID, List.of(d.docId())));
    }
    return out;
  }

  static String edit(String text, double rate, String[] donor, SplittableRandom rng) {
    List<String> words = new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
    List<String> out = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      double u = rng.nextDouble();
      if (u < rate / 3) {
        continue; // drop
      } else if (u < 2 * rate / 3 && i + 1 < words.size()) {
        out.add(words.get(i + 1)); // swap with the next word
        out.add(words.get(i));
        i++;
      } else if (u < rate) {
        out.add(donor[rng.nextInt(donor.length)]); // replace
      } else {
        out.add(words.get(i));
      }
    }
    return String.join(" ", out);
  }
}
