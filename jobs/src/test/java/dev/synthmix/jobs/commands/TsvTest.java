package dev.synthmix.jobs.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TsvTest {

  @Test
  void escapesWhatWouldBreakALine() {
    assertThat(Tsv.escape("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
  }

  @Test
  void defaultSourceNameComesFromTheFileName() {
    assertThat(IngestRealCommand.defaultSourceName("/data/news-2024.jsonl.gz")).isEqualTo("news-2024");
    assertThat(IngestRealCommand.defaultSourceName("s3a://b/my corpus/")).isEqualTo("my_corpus");
  }
}
