package dev.synthmix.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ICU cuts runs of no-space scripts into words and leaves every other word as the normaliser made it. */
class TokenizerTest {

  private static List<String> words(Tokenizer t, String text) {
    String n = t.normalize(text);
    return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
  }

  @Test
  void cutsChineseJapaneseAndThaiIntoDictionaryWords() {
    assertThat(words(Tokenizer.ICU, "我们是学生，我们喜欢学习中文。"))
        .as("Chinese: the words of the sentence, not one word per clause")
        .containsExactly("我们", "是", "学生", "我们", "喜欢", "学习", "中文");
    assertThat(words(Tokenizer.ICU, "東京は日本の首都です。"))
        .containsExactly("東京", "は", "日本", "の", "首都", "です");
    assertThat(words(Tokenizer.ICU, "ภาษาไทยเป็นภาษาที่สวยงาม"))
        .containsExactly("ภาษา", "ไทย", "เป็น", "ภาษา", "ที่", "สวยงาม");
    assertThat(words(Tokenizer.WORDS, "我们是学生，我们喜欢学习中文。"))
        .as("the words tokenizer keeps each run whole")
        .containsExactly("我们是学生", "我们喜欢学习中文");
  }

  @Test
  void segmentsJoinBackToTheNormalisedText() {
    String[] samples = {"東京は日本の首都です。私は毎日電車で会社に行きます。", "ภาษาไทยเป็นภาษาที่สวยงาม และมีประวัติศาสตร์ยาวนาน",
        "mixed iPhoneを買った and 한국어 문장입니다", "数字123と_下線"};
    for (String s : samples) {
      assertThat(Tokenizer.ICU.normalize(s).replace(" ", ""))
          .as("nothing of '%s' is lost or added", s)
          .isEqualTo(TextNormalizer.normalize(s).replace(" ", ""));
      assertThat(Tokenizer.ICU.normalize(s)).doesNotContain("  ").doesNotStartWith(" ").doesNotEndWith(" ");
    }
  }

  @Test
  void leavesTextWithoutNoSpaceScriptsExactlyAsTheWordsTokenizer() {
    String alphabet = "abcXYZ019_ \t\n.,;:!?-'\"()éßΣİﬁЖ한국\u0301";
    Random random = new Random(7);
    for (int t = 0; t < 2000; t++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = s.toString();
      assertThat(Tokenizer.ICU.normalize(text)).as("'%s'", text).isEqualTo(TextNormalizer.normalize(text));
      assertThat(Tokenizer.ICU.wordHashes(text)).as("'%s'", text).containsExactly(TokenHashes.of(text));
    }
    assertThat(Tokenizer.ICU.normalize(null)).isNull();
    assertThat(Tokenizer.ICU.wordHashes(null)).isEmpty();
  }

  @Test
  void wordHashesAreTheHashesOfTheSegmentedWords() {
    String text = "今天天气很好，我们去公园。Then English.";
    long[] expected = words(Tokenizer.ICU, text).stream().mapToLong(TokenHashes::ofWord).toArray();
    assertThat(Tokenizer.ICU.wordHashes(text)).containsExactly(expected);
    assertThat(Tokenizer.WORDS.wordHashes(text)).containsExactly(TokenHashes.of(text));
    assertThat(Tokenizer.ICU.wordHashes(text)).hasSizeGreaterThan(Tokenizer.WORDS.wordHashes(text).length);
  }

  @Test
  void wordShinglesFollowTheTokenizerAndCharacterShinglesDoNot() {
    String a = "我们是学生我们喜欢学习中文今天天气很好";
    assertThat(Shingles.of(a, 5, Shingles.Kind.WORD, Tokenizer.WORDS))
        .as("one run of words: one shingle").hasSize(1);
    assertThat(Shingles.of(a, 5, Shingles.Kind.WORD, Tokenizer.ICU)).hasSizeGreaterThan(3);
    assertThat(Shingles.of(a, 3, Shingles.Kind.CHAR, Tokenizer.ICU))
        .containsExactly(Shingles.of(a, 3, Shingles.Kind.CHAR, Tokenizer.WORDS));
  }

  @Test
  void refusesAnUnknownName() {
    assertThat(Tokenizer.parse(" ICU ")).isEqualTo(Tokenizer.ICU);
    assertThatThrownBy(() -> Tokenizer.parse("lucene"))
        .hasMessageContaining("synthmix.text.tokenizer").hasMessageContaining("icu or words");
  }
}
