package dev.synthmix.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  static List<SeedDoc> seeds() {
    List<SeedDoc> out = new ArrayList<>();
    String[] a = {
      "the state of the union is strong and the people are free",
      "the people of the union ask for peace and the state answers",
      "free trade and strong credit make the union prosper again",
    };
    String[] b = {"our navy guards the coast and our army the frontier", "the frontier grows west and the navy grows too"};
    for (int i = 0; i < a.length; i++) {
      out.add(new SeedDoc("a" + i, "a", a[i]));
    }
    for (int i = 0; i < b.length; i++) {
      out.add(new SeedDoc("b" + i, "b", b[i]));
    }
    return out;
  }

  @Test
  void markovIsReproducibleForASeedAndDiffersAcrossSeeds() {
    List<GeneratedDoc> one = MarkovGenerator.generate(seeds(), 2, 20, 42, "m");
    List<GeneratedDoc> two = MarkovGenerator.generate(seeds(), 2, 20, 42, "m");
    List<GeneratedDoc> other = MarkovGenerator.generate(seeds(), 2, 20, 43, "m");
    assertThat(one).hasSize(20).isEqualTo(two);
    assertThat(other).isNotEqualTo(one);
    assertThat(one).extracting(GeneratedDoc::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("m-"));
  }

  @Test
  void markovOnlyEmitsTheCategorysLearnedVocabularyAndTransitions() {
    Set<String> vocabA = new HashSet<>();
    seeds().stream().filter(d -> d.category().equals("a")).forEach(d -> vocabA.addAll(List.of(d.text().split(" "))));
    for (GeneratedDoc d : MarkovGenerator.generate(seeds(), 2, 50, 1, "m")) {
      if (d.category().equals("a")) {
        assertThat(List.of(d.text().split(" "))).allMatch(vocabA::contains);
      }
      assertThat(d.promptId()).isEqualTo(MarkovGenerator.PROMPT_ID);
    }
  }

  @Test
  void categoryDrawFollowsTheSeedDistributionAndCanLoseARareCategory() {
    var draw = MarkovGenerator.drawCategories(new java.util.TreeMap<>(java.util.Map.of("big", 990, "rare", 10)), 1000, new SplittableRandom(5));
    assertThat(draw.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    assertThat(draw.get("big")).isBetween(960, 1000);
    var tiny = MarkovGenerator.drawCategories(new java.util.TreeMap<>(java.util.Map.of("big", 999, "rare", 1)), 10, new SplittableRandom(5));
    assertThat(tiny).as("a rare category is not forced in").doesNotContainKey("rare");
  }

  @Test
  void perturbationEditsAtTheDrawnRateAndNamesItsSeed() {
    List<GeneratedDoc> out = PerturbationGenerator.generate(seeds(), 1.0, 0.0, 0.0, 7, "p");
    assertThat(out).hasSize(5);
    assertThat(out.get(0).text()).as("rate 0 = an exact copy").isEqualTo(seeds().get(0).text());
    assertThat(out.get(0).seedDocIds()).containsExactly("a0");
    String edited = PerturbationGenerator.edit("one two three four five six seven eight nine ten", 1.0,
        new String[] {"x"}, new SplittableRandom(1));
    assertThat(edited).isNotEqualTo("one two three four five six seven eight nine ten");
    assertThat(PerturbationGenerator.generate(seeds(), 0.6, 0.01, 0.1, 3, "p"))
        .isEqualTo(PerturbationGenerator.generate(seeds(), 0.6, 0.01, 0.1, 3, "p"));
  }

  @Test
  void sentenceMixCopiesWholeRealSentencesOfOneCategory() {
    List<GeneratedDoc> out = SentenceMixGenerator.generate(seeds(), 2.0, 11, "s");
    assertThat(out).hasSize(10);
    for (GeneratedDoc d : out) {
      List<SeedDoc> donors = seeds().stream().filter(s -> d.seedDocIds().contains(s.docId())).toList();
      assertThat(donors).isNotEmpty().allMatch(s -> s.category().equals(d.category()));
    }
    assertThat(SentenceMixGenerator.generate(seeds(), 2.0, 11, "s")).isEqualTo(out);
  }
}
