package dev.synthmix.pipeline.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Per-category word Markov generator. Category counts are drawn from the seed set's own category
 * distribution (a multinomial draw, seeded), so at each recursive depth the balance drifts as
 * finite sampling makes it drift, and a rare category can die out: nothing is forced.
 */
public final class MarkovGenerator {

  public static final String NAME = "markov";
  public static final String PROMPT_ID = "markov-category-chain";
  /** What the "prompt" of this generator is: hashed into the lineage's prompt hash. */
  public static final String PROMPT_TEMPLATE =
      "order-{order} word chain trained on the seed documents of category {category}, started at one of their openings";

  private MarkovGenerator() {}

  /**
   * @param seeds the training documents (their order must be deterministic for reproducibility)
   * @param count how many documents to generate in all
   */
  public static List<GeneratedDoc> generate(List<SeedDoc> seeds, int order, int count, long seed, String idPrefix) {
    Map<String, MarkovModel> models = new TreeMap<>();
    Map<String, Integer> seedCounts = new TreeMap<>();
    for (SeedDoc d : seeds) {
      models.computeIfAbsent(d.category(), c -> new MarkovModel(order)).train(d.text());
      seedCounts.merge(d.category(), 1, Integer::sum);
    }
    models.values().removeIf(MarkovModel::isEmpty);
    seedCounts.keySet().retainAll(models.keySet());
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Integer> draw = drawCategories(seedCounts, count, rng);
    List<GeneratedDoc> out = new ArrayList<>(count);
    int n = 0;
    for (Map.Entry<String, Integer> e : draw.entrySet()) {
      MarkovModel model = models.get(e.getKey());
      for (int i = 0; i < e.getValue(); i++) {
        n++;
        out.add(new GeneratedDoc(String.format("%s-%05d", idPrefix, n), e.getKey(), model.generate(rng), PROMPT_ID, List.of()));
      }
    }
    return out;
  }

  /** A multinomial draw of {@code count} documents over the categories, in proportion to their sizes. */
  static Map<String, Integer> drawCategories(Map<String, Integer> sizes, int count, SplittableRandom rng) {
    long total = sizes.values().stream().mapToLong(Integer::longValue).sum();
    Map<String, Integer> out = new LinkedHashMap<>();
    sizes.keySet().forEach(c -> out.put(c, 0));
    if (total == 0) {
      return out;
    }
    List<String> cats = new ArrayList<>(sizes.keySet());
    for (int i = 0; i < count; i++) {
      long pick = rng.nextLong(total);
      for (String c : cats) {
        pick -= sizes.get(c);
        if (pick < 0) {
          out.merge(c, 1, Integer::sum);
          break;
        }
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }
}
