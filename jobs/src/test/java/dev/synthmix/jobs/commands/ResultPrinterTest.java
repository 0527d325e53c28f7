package dev.synthmix.jobs.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultPrinterTest {

  @Test
  void escapesWhatWouldBreakALine() {
    assertThat(ResultPrinter.escape("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    assertThat(ResultPrinter.csv("plain text")).isEqualTo("plain text");
    assertThat(ResultPrinter.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(ResultPrinter.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ResultPrinter.csv("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void unknownFormatIsAUsageError() {
    assertThat(ResultPrinter.Format.parse(null)).isEqualTo(ResultPrinter.Format.TSV);
    assertThat(ResultPrinter.Format.parse("Json")).isEqualTo(ResultPrinter.Format.JSON);
    assertThatThrownBy(() -> ResultPrinter.Format.parse("xml")).hasMessageContaining("unknown --format 'xml'");
  }

  @Test
  void defaultSourceNameComesFromTheFileName() {
    assertThat(IngestRealCommand.defaultSourceName("/data/news-2024.jsonl.gz")).isEqualTo("news-2024");
    assertThat(IngestRealCommand.defaultSourceName("s3a://b/my corpus/")).isEqualTo("my_corpus");
  }
}
