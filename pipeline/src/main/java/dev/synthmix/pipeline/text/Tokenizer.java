package dev.synthmix.pipeline.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.Locale;

/**
 * How normalised text is cut into words: the unit of word shingles and of the diversity measures.
 * Setting {@code synthmix.text.tokenizer}; it shapes features, so changing it changes dedup and
 * diversity figures (and is part of the run's settings hash).
 *
 * <p>Both kinds start from {@link TextNormalizer#normalize}, whose words are runs of word
 * characters. Scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) make a
 * whole sentence one such run; {@link #ICU} cuts those runs into words with ICU's dictionary-based
 * word break, {@link #WORDS} keeps them whole. A word with no character of those scripts is never
 * touched, so on text without them the two kinds give the same words, at the same cost.
 *
 * <p>The content hash ({@link ContentHash}) does not depend on the tokenizer: a document's identity
 * stays the same whichever is chosen.
 */
public enum Tokenizer {
  /** Runs of word characters only (the rule before tokenizers were pluggable). */
  WORDS,
  /** Runs of word characters, and runs of no-space scripts segmented by ICU's word break. */
  ICU;

  /** The setting that chooses the tokenizer. */
  public static final String SETTING = "synthmix.text.tokenizer";

  /** Parses {@code words} or {@code icu}, case-insensitively. */
  public static Tokenizer parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot use " + SETTING + " = '" + value + "': expected icu or words", e);
    }
  }

  /** The normalised words of raw {@code text}, single spaces between them; null stays null. */
  public String normalize(String text) {
    return segment(TextNormalizer.normalize(text));
  }

  /**
   * Text already normalised by {@link TextNormalizer#normalize}, with every word of a no-space
   * script cut into its dictionary words; returns the same string when nothing needs cutting.
   */
  public String segment(String normalized) {
    if (this == WORDS || normalized == null || !hasNoSpaceScript(normalized)) {
      return normalized;
    }
    StringBuilder out = new StringBuilder(normalized.length() + 16);
    // One iterator per document (cloned from ICU's cache): not thread-safe, so never shared.
    BreakIterator words = BreakIterator.getWordInstance(ULocale.ROOT);
    int start = 0;
    for (int i = 0; i <= normalized.length(); i++) {
      if (i == normalized.length() || normalized.charAt(i) == ' ') {
        String word = normalized.substring(start, i);
        if (out.length() > 0) {
          out.append(' ');
        }
        if (hasNoSpaceScript(word)) {
          appendSegments(words, word, out);
        } else {
          out.append(word);
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  /** Hashes of the words of raw {@code text}, as {@link TokenHashes#of} but with this tokenizer. */
  public long[] wordHashes(String text) {
    return TokenHashes.of(text, this);
  }

  private static void appendSegments(BreakIterator words, String word, StringBuilder out) {
    words.setText(word);
    int from = words.first();
    boolean first = true;
    for (int to = words.next(); to != BreakIterator.DONE; from = to, to = words.next()) {
      // The text holds only word characters, so every segment is a word (or a mark ICU kept
      // apart); none is dropped, and the segments together are the word.
      if (!first) {
        out.append(' ');
      }
      out.append(word, from, to);
      first = false;
    }
  }

  /** Whether {@code s} holds a character of a script written without spaces between words. */
  static boolean hasNoSpaceScript(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      // Below Thai (U+0E00) no script needs a dictionary: one comparison for most text.
      if (cp >= 0x0E00 && isNoSpaceScript(cp)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNoSpaceScript(int cp) {
    switch (Character.UnicodeScript.of(cp)) {
      case HAN:
      case HIRAGANA:
      case KATAKANA:
      case THAI:
      case LAO:
      case KHMER:
      case MYANMAR:
        return true;
      default:
        return false;
    }
  }
}
