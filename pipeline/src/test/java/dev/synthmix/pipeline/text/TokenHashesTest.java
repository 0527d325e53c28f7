package dev.synthmix.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hash scan must see exactly the words of {@link TextNormalizer#words}, in order. */
class TokenHashesTest {

  static long[] expected(String text) {
    List<String> words = TextNormalizer.words(text);
    long[] hashes = new long[words.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = TokenHashes.ofWord(words.get(i));
    }
    return hashes;
  }

  @Test
  void agreesWithTheNormaliserOnAsciiAndOtherScripts() {
    String[] samples = {
      "The state, of the Union.",
      "  Hello,   WORLD!! it's_me -- 42 ",
      "tab\tnew\nline\r\n",
      "x_y-z",
      "ALL CAPS and MiXeD",
      "",
      "   ",
      "...",
      "a",
      "Ünïcödé façade — naïve café",
      "ΣΟΦΟΣ σοφός ΟΔΟΣ",
      "İstanbul DİYARBAKIR",
      "ﬁne ＡＢＣ",
      "Здравствуй, мир!",
      "日本語のテキスト、です。",
      "a\u0301b\u200Dc",
      "emoji 😀 between",
      "plain ascii then é at the end"
    };
    for (String s : samples) {
      assertThat(TokenHashes.of(s)).as("words of '%s'", s).containsExactly(expected(s));
    }
    assertThat(TokenHashes.of(null)).isEmpty();
  }

  @Test
  void agreesWithTheNormaliserOnRandomText() {
    // Random mixes of ASCII letters, digits, punctuation, controls and a few non-ASCII characters.
    String alphabet = "abcXYZ019_ \t\n.,;:!?-'\"()[]{}<>/\\@#$%^&*+=|~`\u0000\u007féßΣİﬁ";
    Random random = new Random(42);
    for (int t = 0; t < 2000; t++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      // Most texts ASCII only, so both paths of the scan are exercised.
      int limit = t % 4 == 0 ? alphabet.length() : alphabet.indexOf('é');
      for (int i = 0; i < length; i++) {
        s.append(alphabet.charAt(random.nextInt(limit)));
      }
      String text = s.toString();
      assertThat(TokenHashes.of(text)).as("words of '%s'", text).containsExactly(expected(text));
    }
  }

  @Test
  void equalWordsHashEquallyAndDistinctWordsDiffer() {
    long[] h = TokenHashes.of("Cat cat CAT dog");
    assertThat(h[0]).isEqualTo(h[1]).isEqualTo(h[2]).isNotEqualTo(h[3]);
    assertThat(TokenHashes.of("café")[0]).isEqualTo(TokenHashes.ofWord("café"));
  }
}
