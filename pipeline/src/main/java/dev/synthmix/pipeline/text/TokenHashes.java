package dev.synthmix.pipeline.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;

/**
 * The words of a text ({@link TextNormalizer#words}) as 64-bit hashes, without a string per word:
 * the kernel of the diversity measures, which only compare words for equality.
 *
 * <p>ASCII text (the common case) is scanned once, code unit by code unit, with the normaliser's
 * rule (letters, digits and {@code _} are word characters, upper case folds to lower case), and
 * each word is hashed straight out of the scan buffer. Any other text goes through {@link
 * TextNormalizer#normalize} first, because NFKC and {@code toLowerCase(Locale.ROOT)} are context
 * sensitive (final sigma, dotted capital I) and cannot be done code point by code point. Both paths
 * hash the UTF-8 bytes of the normalised word, so a word has one hash whichever path it took.
 *
 * <p>xxHash64 with a fixed seed: at 64 bits two distinct words among 10⁶ collide with probability
 * about 3·10⁻⁸, so counts over hashes are the counts over words.
 */
public final class TokenHashes {

  /** Seed of the word hash; fixed, so hashes are comparable across runs and versions. */
  static final long SEED = 0x5EED_70C3_0000_0001L;

  private static final long[] NONE = new long[0];

  private TokenHashes() {}

  /** Hashes of the words of raw {@code text}, in order; null and empty texts give none. */
  public static long[] of(String text) {
    return of(text, Tokenizer.WORDS);
  }

  /**
   * As {@link #of(String)}, with the words of text outside ASCII cut by {@code tokenizer} (ASCII
   * holds no script that a tokenizer cuts, so the one-pass scan serves both).
   */
  static long[] of(String text, Tokenizer tokenizer) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    int n = text.length();
    byte[] buffer = new byte[n];
    long[] hashes = new long[Math.max(4, n / 4)];
    int count = 0;
    int start = -1;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return ofNormalized(tokenizer.normalize(text));
      }
      boolean word;
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
        word = true;
      } else if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
        word = true;
      } else {
        word = false;
      }
      if (word) {
        buffer[i] = (byte) c;
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        if (count == hashes.length) {
          hashes = Arrays.copyOf(hashes, count * 2);
        }
        hashes[count++] = hash(buffer, start, i - start);
        start = -1;
      }
    }
    if (start >= 0) {
      if (count == hashes.length) {
        hashes = Arrays.copyOf(hashes, count + 1);
      }
      hashes[count++] = hash(buffer, start, n - start);
    }
    return count == hashes.length ? hashes : Arrays.copyOf(hashes, count);
  }

  /** Hashes of the words of text that is already normalised (single spaces between words). */
  public static long[] ofNormalized(String normalized) {
    if (normalized == null || normalized.isEmpty()) {
      return NONE;
    }
    byte[] utf8 = normalized.getBytes(StandardCharsets.UTF_8);
    int words = 1;
    for (byte b : utf8) {
      if (b == ' ') {
        words++;
      }
    }
    long[] hashes = new long[words];
    int w = 0;
    int start = 0;
    for (int i = 0; i <= utf8.length; i++) {
      if (i == utf8.length || utf8[i] == ' ') {
        hashes[w++] = hash(utf8, start, i - start);
        start = i + 1;
      }
    }
    return hashes;
  }

  /** The hash of one normalised word, as {@link #of} gives it. */
  public static long ofWord(String word) {
    byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
    return hash(utf8, 0, utf8.length);
  }

  private static long hash(byte[] bytes, int from, int length) {
    return XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET + from, length, SEED);
  }
}
