package dev.synthmix.pipeline.lineage;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.util.List;

/**
 * Fuzz target of the lineage manifest reader (profile {@code fuzz}, run by scripts/fuzz.sh). A
 * manifest is either read, with the values it states, or refused (exit 3) naming a field; any other
 * exception would end ingest-synthetic with exit 4 and a stack trace instead of a message.
 */
class ManifestReaderFuzzTest {

  static final List<String> FIELDS =
      List.of("set-id", "generator.name", "generator.model", "generator.version", "generator.parameters",
          "prompt.template-id", "prompt.template-hash", "seed.table", "seed.version", "depth", "parent-set",
          "generation.run-id", "generation.generated-at", "data.format", "data.path", "data.paths",
          "data.fields.id", "data.fields.text", "data.fields.category");

  static final String VALID =
      "set-id = s\ngenerator { name = g, model = m, version = \"1\" }\nprompt.template-id = p\n"
          + "seed { table = docs_real, version = 0 }\ndepth = 1\n"
          + "generation { run-id = x, generated-at = \"2026-01-01T00:00:00Z\" }\ndata.path = data.jsonl\n";

  /** A valid manifest with a few fields given fuzzed values, or (sometimes) fuzzed text alone. */
  @FuzzTest(maxDuration = "60s")
  void manifest(FuzzedDataProvider data) {
    boolean json = data.consumeBoolean();
    StringBuilder text = new StringBuilder(data.consumeBoolean() ? VALID : "");
    int edits = data.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      text.append(data.pickValue(FIELDS)).append(" = ").append(data.consumeString(200)).append('\n');
    }
    text.append(data.consumeRemainingAsString());
    String path = json ? "/sets/s/manifest.json" : "/sets/s/manifest.conf";
    Manifest m;
    try {
      m = ManifestReader.parseText(text.toString(), path, path, "/sets/s", false);
    } catch (SynthmixException e) {
      if (e.exitCode() != ExitCode.INPUT_REFUSED) {
        throw new AssertionError("a manifest problem must refuse the set (exit 3), not " + e.exitCode(), e);
      }
      return;
    } catch (RuntimeException e) {
      // The manifest text in the message: the regression test's input (resources/fuzz/manifest/).
      throw new IllegalStateException("manifest " + path + " <<<" + text + ">>> threw " + e, e);
    }
    // What was read is what the text says (no silent narrowing of numbers).
    long depth;
    try {
      depth = ConfigFactory.parseString(text.toString()).resolve().getLong("depth");
    } catch (ConfigException e) {
      return;
    }
    if (depth != m.depth()) {
      throw new AssertionError("depth " + depth + " was read as " + m.depth());
    }
  }
}
