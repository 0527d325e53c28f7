package dev.synthmix.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void foldsCaseAndNonWordRuns() {
    assertThat(TextNormalizer.normalize("  Hello,   WORLD!! it's_me -- 42 ")).isEqualTo("hello world it s_me 42");
  }

  @Test
  void appliesNfkc() {
    // The ligature ﬁ and full-width letters fold to plain ones under NFKC.
    assertThat(TextNormalizer.normalize("ﬁne ＡＢＣ")).isEqualTo("fine abc");
  }

  @Test
  void agreesWithTheRegexDefinitionOnMixedScripts() {
    String[] samples = {
      "Ünïcödé façade — naïve café", "Здравствуй, мир!", "日本語のテキスト、です。", "a\u0301b\u200Dc", "tab\tnew\nline\r\n",
      "emoji 😀 between", "", "   ", "x_y-z"
    };
    Pattern nonWord = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);
    for (String s : samples) {
      String expected =
          nonWord
              .matcher(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT))
              .replaceAll(" ")
              .trim();
      assertThat(TextNormalizer.normalize(s)).as("normalising %s", s).isEqualTo(expected);
    }
  }

  @Test
  void wordsSplitTheNormalisedText() {
    assertThat(TextNormalizer.words("The state, of the Union.")).containsExactly("the", "state", "of", "the", "union");
    assertThat(TextNormalizer.words("  ...  ")).isEmpty();
    assertThat(TextNormalizer.words(null)).isEmpty();
  }

  @Test
  void contentHashIgnoresCaseAndPunctuationButNotWords() {
    assertThat(ContentHash.of("Hello, World")).isEqualTo(ContentHash.of("hello world!")).hasSize(32);
    assertThat(ContentHash.of("Hello World")).isNotEqualTo(ContentHash.of("Hello Word"));
    assertThat(ContentHash.of(null)).isNull();
  }
}
