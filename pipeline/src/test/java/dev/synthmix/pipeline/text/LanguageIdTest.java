package dev.synthmix.pipeline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenNLP's detector with synthmix's rules for short and missing text. */
class LanguageIdTest {

  static LanguageId.Model model;

  @BeforeAll
  static void load() {
    model = LanguageId.Model.bundled();
  }

  @Test
  void namesTheLanguageOfAFewSentences() {
    LanguageId id = new LanguageId(new LanguageId.Settings(true, 500, 20), model);
    assertThat(id.detect("The Congress shall have power to lay and collect taxes, duties and excises."))
        .isEqualTo("eng");
    assertThat(id.detect("Der Bundestag hat heute ein neues Gesetz über die Steuern beschlossen.")).isEqualTo("deu");
    assertThat(id.detect("Le gouvernement a annoncé de nouvelles mesures pour soutenir l'économie.")).isEqualTo("fra");
    assertThat(id.detect("我们是学生，我们喜欢学习中文。今天天气很好，我们去公园散步。")).isEqualTo("cmn");
    assertThat(id.detect("東京は日本の首都です。私は毎日電車で会社に行きます。")).isEqualTo("jpn");
    assertThat(id.detect("ภาษาไทยเป็นภาษาที่สวยงาม และมีประวัติศาสตร์ยาวนานมาก")).isEqualTo("tha");
  }

  @Test
  void shortOrMissingTextIsUndetermined() {
    LanguageId id = new LanguageId(new LanguageId.Settings(true, 500, 20), model);
    assertThat(id.detect("ok fine")).as("too few letters to tell").isEqualTo(LanguageId.UNDETERMINED);
    assertThat(id.detect("12345 67890 !!! 2026-12-02 42")).isEqualTo(LanguageId.UNDETERMINED);
    assertThat(id.detect(null)).isEqualTo(LanguageId.UNDETERMINED);
  }

  @Test
  void readsOnlyTheStartOfALongText() {
    LanguageId id = new LanguageId(new LanguageId.Settings(true, 200, 20), model);
    String english = "The Congress shall have power to lay and collect taxes, duties, imposts and excises. ";
    String german = "Der Bundestag hat heute ein neues Gesetz über die Steuern beschlossen. ".repeat(50);
    assertThat(id.detect(english.repeat(3) + german)).as("the first 200 characters are English").isEqualTo("eng");
  }

  @Test
  void theModelTravelsAsBytesAndParsesOnFirstUse() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(model);
    }
    LanguageId.Model copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (LanguageId.Model) in.readObject();
    }
    assertThat(new LanguageId(new LanguageId.Settings(true, 500, 20), copy)
        .detect("Le gouvernement a annoncé de nouvelles mesures pour soutenir l'économie.")).isEqualTo("fra");
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> new LanguageId.Settings(true, 5, 1))
        .hasMessageContaining(LanguageId.Settings.MAX_CHARS);
    assertThatThrownBy(() -> new LanguageId.Settings(true, 100, 200))
        .hasMessageContaining(LanguageId.Settings.MIN_LETTERS);
  }
}
