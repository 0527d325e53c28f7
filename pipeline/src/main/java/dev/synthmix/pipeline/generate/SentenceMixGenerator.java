package dev.synthmix.pipeline.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Extractive recombination: each new passage is a sequence of real sentences drawn from different
 * passages of one category (as many sentences as a randomly chosen passage of that category has).
 * Every sentence is copied verbatim, so the set leaks real text at the sentence level while whole
 * passages stay dissimilar: the case an exact-hash check misses and shingle overlap shows.
 */
public final class SentenceMixGenerator {

  public static final String NAME = "sentence-mix";
  public static final String PROMPT_ID = "sentence-recombination";
  public static final String PROMPT_TEMPLATE =
      "compose a passage of category {category} from sentences of randomly chosen real passages of that category";

  private SentenceMixGenerator() {}

  public static List<GeneratedDoc> generate(List<SeedDoc> seeds, double fraction, long seed, String idPrefix) {
    Map<String, List<SeedDoc>> byCategory = new TreeMap<>();
    seeds.forEach(d -> byCategory.computeIfAbsent(d.category(), c -> new ArrayList<>()).add(d));
    SplittableRandom rng = new SplittableRandom(seed);
    List<GeneratedDoc> out = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, List<SeedDoc>> e : byCategory.entrySet()) {
      List<SeedDoc> docs = e.getValue();
      long count = Math.round(docs.size() * fraction);
      for (long i = 0; i < count; i++) {
        int sentences = sentences(docs.get(rng.nextInt(docs.size())).text()).size();
        List<String> parts = new ArrayList<>();
        TreeSet<String> donors = new TreeSet<>();
        for (int s = 0; s < sentences; s++) {
          SeedDoc donor = docs.get(rng.nextInt(docs.size()));
          List<String> donorSentences = sentences(donor.text());
          parts.add(donorSentences.get(rng.nextInt(donorSentences.size())));
          donors.add(donor.docId());
        }
        n++;
        out.add(new GeneratedDoc(String.format("%s-%05d", idPrefix, n), e.getKey(), String.join(" ", parts), PROMPT_ID,
            List.copyOf(donors)));
      }
    }
    return out;
  }

  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.trim().split("(?<=[.!?])\\s+")) {
      if (!s.isBlank()) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      out.add(text.trim());
    }
    return out;
  }
}
