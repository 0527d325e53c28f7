package dev.synthmix.jobs.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.jobs.Args;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.SourceSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestRealCommandTest {

  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));
  static final Set<String> OPTIONS = Set.of("input", "format", "source", "field", "default-category");

  private static List<SourceSpec> sources(String... args) {
    return IngestRealCommand.sourcesFromArgs("ingest-real", Args.parse("ingest-real", List.of(args), OPTIONS), SETTINGS);
  }

  @Test
  void fieldMappingsAndADefaultCategoryComeFromTheCommandLine() {
    SourceSpec s = sources("--input", "x.jsonl", "--field", "category=label", "--field", "text=body", "--field", "id=",
        "--default-category", "misc").get(0);
    assertThat(List.of(s.textField(), s.categoryField(), s.defaultCategory())).containsExactly("body", "label", "misc");
    assertThat(s.idField()).as("id= : the input has no id, ids are derived").isNull();
    SourceSpec plain = sources("--input", "x.jsonl").get(0);
    assertThat(List.of(plain.idField(), plain.textField(), plain.categoryField())).containsExactly("id", "text", "category");
  }

  @Test
  void aBadFieldMappingIsAUsageError() {
    assertThatThrownBy(() -> sources("--input", "x.jsonl", "--field", "label"))
        .hasMessageContaining("--field label should be id=<name>, text=<name> or category=<name>")
        .extracting(e -> ((SynthmixException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> sources("--input", "x.jsonl", "--field", "title=t")).hasMessageContaining("--field title=t");
    assertThatThrownBy(() -> sources("--field", "category=label")).hasMessageContaining("go with --input");
  }
}
