package dev.synthmix.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Inputs the manifest fuzz target found (pipeline/src/test/resources/fuzz/manifest/, see its
 * README): each must refuse the set (exit 3) naming the field, not escape as a Typesafe Config
 * exception.
 */
class ManifestReaderFuzzRegressionTest {

  @Test
  void everyFoundManifestIsRefusedNamingTheField() throws Exception {
    List<Path> inputs = inputs();
    assertThat(inputs).as("inputs under resources/fuzz/manifest").hasSizeGreaterThanOrEqualTo(3);
    for (Path p : inputs) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> ManifestReader.parseText(text, p.toString(), p.toString(), "/sets/s", false))
          .as(p.getFileName().toString())
          .isInstanceOfSatisfying(SynthmixException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INPUT_REFUSED))
          .hasMessageContaining("field 'data.");
    }
  }

  private static List<Path> inputs() throws IOException, URISyntaxException {
    Path dir = Paths.get(ManifestReaderFuzzRegressionTest.class.getResource("/fuzz/manifest").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
  }
}
