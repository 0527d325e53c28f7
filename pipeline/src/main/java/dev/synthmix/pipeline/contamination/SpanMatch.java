package dev.synthmix.pipeline.contamination;

import dev.synthmix.pipeline.text.Tokenizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What a document shares with one evaluation item, word for word: the confirmation of a candidate
 * found by hashes. Both texts are normalised the same way, so case, punctuation and line breaks
 * do not matter.
 *
 * @param matchedGrams positions of the document whose gram of {@code k} words is one of the item's
 * @param longestSpan words of the longest run of consecutive matched grams ({@code run + k - 1})
 * @param excerpt the normalised words of that span, at most {@code excerptChars} characters
 */
public record SpanMatch(int matchedGrams, int longestSpan, String excerpt) {

  /**
   * The match of {@code doc} against {@code item} with grams of {@code n} words (all the item's
   * words when it has fewer, if at least {@code minTokens}); null when they share no gram.
   */
  public static SpanMatch of(String doc, String item, int n, int minTokens, Tokenizer tokenizer, int excerptChars) {
    String[] d = words(tokenizer.normalize(doc));
    String[] it = words(tokenizer.normalize(item));
    int k = Math.min(n, it.length);
    if (k < minTokens || d.length < k) {
      return null;
    }
    Set<String> itemGrams = new HashSet<>();
    for (int i = 0; i + k <= it.length; i++) {
      itemGrams.add(String.join(" ", Arrays.asList(it).subList(i, i + k)));
    }
    int matched = 0;
    int run = 0;
    int bestRun = 0;
    int bestStart = -1;
    for (int i = 0; i + k <= d.length; i++) {
      if (itemGrams.contains(String.join(" ", Arrays.asList(d).subList(i, i + k)))) {
        matched++;
        run++;
        if (run > bestRun) {
          bestRun = run;
          bestStart = i - run + 1;
        }
      } else {
        run = 0;
      }
    }
    if (matched == 0) {
      return null;
    }
    int span = bestRun + k - 1;
    String excerpt = String.join(" ", Arrays.asList(d).subList(bestStart, bestStart + span));
    if (excerpt.length() > excerptChars) {
      excerpt = excerpt.substring(0, excerptChars);
    }
    return new SpanMatch(matched, span, excerpt);
  }

  private static String[] words(String normalized) {
    return normalized == null || normalized.isEmpty() ? new String[0] : normalized.split(" ");
  }
}
