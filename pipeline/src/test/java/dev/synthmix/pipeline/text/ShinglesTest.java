package dev.synthmix.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShinglesTest {

  @Test
  void wordShinglesAreSlidingWindowsOfNormalisedWords() {
    long[] shingles = Shingles.of("One two, THREE four five six!", 5, Shingles.Kind.WORD);
    long[] expected = {hash("one two three four five"), hash("two three four five six")};
    Arrays.sort(expected);
    assertThat(shingles).as("two 5-grams, sorted").containsExactly(expected);
  }

  @Test
  void shortTextIsOneShingleOfAllItsWords() {
    assertThat(Shingles.of("Hello,   world", 5, Shingles.Kind.WORD))
        .containsExactly(hash("hello world"));
    assertThat(Shingles.of("word", 5, Shingles.Kind.WORD)).containsExactly(hash("word"));
  }

  @Test
  void emptyAndNullTextsHaveNoShingles() {
    assertThat(Shingles.of("", 5, Shingles.Kind.WORD)).isEmpty();
    assertThat(Shingles.of(" ... !!! ", 5, Shingles.Kind.WORD)).isEmpty();
    assertThat(Shingles.of(null, 5, Shingles.Kind.WORD)).isEmpty();
    assertThat(Shingles.of("?!", 3, Shingles.Kind.CHAR)).isEmpty();
  }

  @Test
  void repeatsAreRemovedAndOutputIsSorted() {
    long[] shingles = Shingles.of("a b a b a b a b", 2, Shingles.Kind.WORD);
    assertThat(shingles).hasSize(2);
    assertThat(shingles[0]).isLessThan(shingles[1]);
  }

  @Test
  void charShinglesCountCodePointsIncludingSpaces() {
    long[] shingles = Shingles.of("ab cé", 3, Shingles.Kind.CHAR);
    long[] expected = {hash("ab "), hash("b c"), hash(" cé")};
    Arrays.sort(expected);
    assertThat(shingles).containsExactly(expected);
    assertThat(Shingles.of("ab", 3, Shingles.Kind.CHAR)).containsExactly(hash("ab"));
  }

  @Test
  void sizeIsValidatedAndKindParsed() {
    assertThatThrownBy(() -> Shingles.of("a b", 0, Shingles.Kind.WORD))
        .hasMessageStartingWith("Cannot shingle");
    assertThat(Shingles.Kind.parse(" Char ")).isEqualTo(Shingles.Kind.CHAR);
    assertThatThrownBy(() -> Shingles.Kind.parse("line")).hasMessageContaining("word or char");
  }

  private static long hash(String normalizedShingle) {
    // A one-shingle text hashes exactly its own bytes: the reference for window hashes.
    long[] one = Shingles.ofNormalized(normalizedShingle, 1_000, Shingles.Kind.CHAR);
    assertThat(one).hasSize(1);
    return one[0];
  }
}
