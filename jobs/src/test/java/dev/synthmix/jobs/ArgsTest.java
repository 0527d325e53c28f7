package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

  @Test
  void repeatedOptionsAndEqualsForm() {
    Args a = Args.parse("x", List.of("--input", "a", "--input=b", "--format", "csv", "word"), Set.of("input", "format"));
    assertThat(a.all("input")).containsExactly("a", "b");
    assertThat(a.one("format")).isEqualTo("csv");
    assertThat(a.positional()).containsExactly("word");
  }

  @Test
  void unknownOptionMissingValueAndRepeatsOfASingleOptionAreUsageErrors() {
    assertThatThrownBy(() -> Args.parse("x", List.of("--inptu", "a"), Set.of("input")))
        .hasMessageContaining("--inptu").extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> Args.parse("x", List.of("--input"), Set.of("input"))).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Args.parse("x", List.of("--format", "a", "--format", "b"), Set.of("format")).one("format"))
        .hasMessageContaining("2 times");
  }
}
