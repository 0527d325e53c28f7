package dev.synthmix.jobs.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contamination command's arguments, checked before Spark starts. */
class ContaminationCommandTest {

  private static void prepare(String settings, String... args) {
    new ContaminationCommand().prepare(List.of(args), SettingsLoader.load(SettingsLoader.parse(settings)));
  }

  @Test
  void withoutABenchmarkItSaysWhereToGiveOne() {
    assertThatThrownBy(() -> prepare(""))
        .hasMessageContaining("no benchmark").hasMessageContaining("--benchmark <path>")
        .hasMessageContaining("synthmix.contamination.benchmarks")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void optionsOfAQuickBenchmarkNeedItsPathAndAnUnknownFormatIsNamed() {
    assertThatThrownBy(() -> prepare("", "--name", "eval")).hasMessageContaining("go with --benchmark <path>");
    assertThatThrownBy(() -> prepare("", "--benchmark", "eval.data")).hasMessageContaining("Cannot tell the format of eval.data");
    assertThatThrownBy(() -> prepare("", "--benchmark", "eval.jsonl", "--name", "bad name"))
        .hasMessageContaining("Cannot use source name 'bad name'");
  }

  @Test
  void aBenchmarkFromTheCommandLineOrFromSettingsPrepares() {
    prepare("", "--benchmark", "eval.jsonl", "--text-field", "question", "--text-field", "answer");
    prepare("synthmix.contamination.benchmarks = [ { name = qa, path = \"eval.jsonl\" } ]");
    assertThatThrownBy(() -> prepare("synthmix.contamination.ngram = 1", "--benchmark", "eval.jsonl"))
        .hasMessageContaining("synthmix.contamination.ngram");
  }
}
