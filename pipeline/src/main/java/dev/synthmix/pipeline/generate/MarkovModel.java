package dev.synthmix.pipeline.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A word Markov chain of order k over white-space tokens (punctuation stays on its word, so the
 * output reads like text). A real, if small, generative model: it can only emit token sequences
 * whose k-grams it saw, which is why a chain retrained on its own output loses diversity.
 */
public final class MarkovModel {

  private final int order;
  private final Map<String, List<String>> next = new HashMap<>();
  private final List<String[]> openings = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();

  public MarkovModel(int order) {
    if (order < 1 || order > 5) {
      throw new IllegalArgumentException("Markov order must be 1..5, was " + order);
    }
    this.order = order;
  }

  /** Learns from one document; texts shorter than order + 1 tokens teach nothing. */
  public void train(String text) {
    String[] tokens = text.trim().split("\\s+");
    if (tokens.length <= order) {
      return;
    }
    openings.add(java.util.Arrays.copyOf(tokens, order));
    lengths.add(tokens.length);
    for (int i = order; i < tokens.length; i++) {
      next.computeIfAbsent(key(tokens, i - order), k -> new ArrayList<>()).add(tokens[i]);
    }
  }

  public boolean isEmpty() {
    return openings.isEmpty();
  }

  /** Distinct states learned (a size figure for logs). */
  public int states() {
    return next.size();
  }

  /**
   * Generates one text: a learned opening, then sampled continuations, to a length drawn from the
   * training documents' lengths. At a dead end it continues from another opening.
   */
  public String generate(SplittableRandom rng) {
    if (isEmpty()) {
      throw new IllegalStateException("the model has learned nothing");
    }
    int target = lengths.get(rng.nextInt(lengths.size()));
    String[] opening = openings.get(rng.nextInt(openings.size()));
    List<String> out = new ArrayList<>(target + order);
    for (String t : opening) {
      out.add(t);
    }
    while (out.size() < target) {
      List<String> candidates = next.get(key(out.subList(out.size() - order, out.size()).toArray(new String[0]), 0));
      if (candidates == null) {
        for (String t : openings.get(rng.nextInt(openings.size()))) {
          out.add(t);
        }
      } else {
        out.add(candidates.get(rng.nextInt(candidates.size())));
      }
    }
    return String.join(" ", out);
  }

  private String key(String[] tokens, int from) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + order; i++) {
      if (i > from) {
        b.append(' ');
      }
      b.append(tokens[i]);
    }
    return b.toString();
  }
}
