package dev.synthmix.pipeline.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;

/**
 * Shingles of a document as a sorted, de-duplicated array of 64-bit hashes (DESIGN.md,
 * "Near-duplicate defaults").
 *
 * <p>Word shingles are runs of {@code size} consecutive words of the normalised text; a text with
 * fewer than {@code size} words is one shingle of all its words, and an empty text has none.
 * Character shingles are runs of {@code size} code points of the normalised text (spaces included),
 * with the same rule for short and empty texts.
 *
 * <p>Each shingle is hashed with xxHash64 over its UTF-8 bytes, taken straight out of one UTF-8
 * copy of the normalised text, so no per-shingle string is allocated. At 64 bits, the chance that
 * two distinct shingles among 10^9 collide is about 3%; a collision can only raise a Jaccard
 * estimate by one shingle, which is negligible against shingle counts in the hundreds.
 */
public final class Shingles {

  /** Default shingle size: word 5-grams. */
  public static final int DEFAULT_SIZE = 5;

  /** Seed of the shingle hash; fixed, so shingle sets are comparable across runs and versions. */
  static final long HASH_SEED = 0x5EED_5117_0000_0001L;

  private static final long[] NONE = new long[0];

  /** What a shingle is made of. */
  public enum Kind {
    WORD,
    CHAR;

    /** Parses {@code word} or {@code char}, case-insensitively. */
    public static Kind parse(String value) {
      try {
        return Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Cannot use shingle kind '" + value + "': expected word or char", e);
      }
    }
  }

  private Shingles() {}

  /**
   * Shingle hashes of raw {@code text}: normalised first, words being runs of word characters
   * ({@link Tokenizer#WORDS}); null gives no shingles.
   */
  public static long[] of(String text, int size, Kind kind) {
    return of(text, size, kind, Tokenizer.WORDS);
  }

  /**
   * Shingle hashes of raw {@code text} with words cut by {@code tokenizer}. Character shingles do
   * not depend on words, so they are taken from the normalised text as it is.
   */
  public static long[] of(String text, int size, Kind kind, Tokenizer tokenizer) {
    String normalized =
        kind == Kind.WORD ? tokenizer.normalize(text) : TextNormalizer.normalize(text);
    return normalized == null ? NONE : ofNormalized(normalized, size, kind);
  }

  /** Shingle hashes of text that is already normalised, sorted ascending and unique. */
  public static long[] ofNormalized(String normalized, int size, Kind kind) {
    if (size < 1) {
      throw new IllegalArgumentException("Cannot shingle with size " + size + ": must be >= 1");
    }
    if (normalized.isEmpty()) {
      return NONE;
    }
    byte[] utf8 = normalized.getBytes(StandardCharsets.UTF_8);
    int[] starts = kind == Kind.WORD ? wordStarts(utf8) : codePointStarts(utf8);
    // starts holds the unit starts followed by one sentinel: the index just past the last unit
    // plus one, so that unit u ends at starts[u + 1] - 1 for words (dropping the space) and at
    // starts[u + 1] for code points.
    int units = starts.length - 1;
    int gap = kind == Kind.WORD ? 1 : 0;
    int count = Math.max(1, units - size + 1);
    long[] hashes = new long[count];
    for (int i = 0; i < count; i++) {
      int from = starts[i];
      int last = Math.min(i + size, units);
      int to = starts[last] - gap;
      hashes[i] =
          XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET + from, to - from, HASH_SEED);
    }
    return sortedUnique(hashes);
  }

  /** Start offsets of words in normalised UTF-8 (single spaces between words), plus a sentinel. */
  private static int[] wordStarts(byte[] utf8) {
    int words = 1;
    for (byte b : utf8) {
      if (b == ' ') {
        words++;
      }
    }
    int[] starts = new int[words + 1];
    int w = 0;
    starts[w++] = 0;
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == ' ') {
        starts[w++] = i + 1;
      }
    }
    // As if a space followed the last word, so every word ends one byte before the next start.
    starts[w] = utf8.length + 1;
    return starts;
  }

  /** Start offsets of code points in UTF-8, plus a sentinel at the end. */
  private static int[] codePointStarts(byte[] utf8) {
    int n = 0;
    for (byte b : utf8) {
      if ((b & 0xC0) != 0x80) {
        n++;
      }
    }
    int[] starts = new int[n + 1];
    int c = 0;
    for (int i = 0; i < utf8.length; i++) {
      if ((utf8[i] & 0xC0) != 0x80) {
        starts[c++] = i;
      }
    }
    starts[c] = utf8.length;
    return starts;
  }

  /** Sorts in place and drops repeats; returns a trimmed copy only when repeats were found. */
  static long[] sortedUnique(long[] values) {
    if (values.length < 2) {
      return values;
    }
    Arrays.sort(values);
    int n = 1;
    for (int i = 1; i < values.length; i++) {
      if (values[i] != values[n - 1]) {
        values[n++] = values[i];
      }
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }
}
