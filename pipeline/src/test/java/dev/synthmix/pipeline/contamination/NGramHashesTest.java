package dev.synthmix.pipeline.contamination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.text.TokenHashes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NGramHashesTest {

  @Test
  void rollingHashesEqualTheHashOfEachGramAlone() {
    long[] words = TokenHashes.of("one two three four five six seven eight nine ten eleven twelve");
    for (int k : new int[] {1, 3, 5, 12}) {
      long[] grams = NGramHashes.of(words, k);
      assertThat(grams).hasSize(words.length - k + 1);
      for (int i = 0; i < grams.length; i++) {
        assertThat(grams[i]).as("k=%d at %d", k, i).isEqualTo(NGramHashes.whole(Arrays.copyOfRange(words, i, i + k)));
      }
    }
  }

  @Test
  void theSameWordsGiveTheSameGramWhereverTheyStandAndOtherLengthsDiffer() {
    long[] a = TokenHashes.of("x y the quick brown fox");
    long[] b = TokenHashes.of("The QUICK, brown fox! z");
    assertThat(NGramHashes.of(a, 4)[2]).isEqualTo(NGramHashes.of(b, 4)[0]);
    assertThat(NGramHashes.of(a, 3)[2]).isNotEqualTo(NGramHashes.of(a, 4)[2]);
    assertThat(NGramHashes.of(a, 7)).isEmpty();
    assertThatThrownBy(() -> NGramHashes.of(a, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
