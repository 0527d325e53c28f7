package dev.synthmix.pipeline.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.audit.AuditSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.report.ReportSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fuzz target of the settings loader (profile {@code fuzz}, run by scripts/fuzz.sh): settings as a
 * user gives them in a config file, every known key with fuzzed values, loaded and turned into
 * every typed settings object the commands build. A bad value must be a usage error (exit 2)
 * saying what to fix, before Spark starts; any other exception is a finding.
 */
class SettingsLoaderFuzzTest {

  static final List<String> KEYS = keys();

  @FuzzTest(maxDuration = "60s")
  void settings(FuzzedDataProvider data) {
    StringBuilder text = new StringBuilder();
    int n = data.consumeInt(1, 4);
    for (int i = 0; i < n; i++) {
      text.append(data.pickValue(KEYS)).append(" = ").append(data.consumeString(100)).append('\n');
    }
    text.append(data.consumeRemainingAsString());
    Config overrides;
    try {
      overrides = SettingsLoader.parse(text.toString());
    } catch (ConfigException e) {
      // Not HOCON: the launcher's load() reports it as "Cannot load settings" (exit 2).
      return;
    }
    try {
      Config c = SettingsLoader.load(overrides);
      CommonSettings.from(c);
      IngestSettings.from(c);
      SyntheticSettings.from(c);
      DemoSettings.from(c);
      AuditSettings.from(c);
      // Also DedupSettings, handled as DedupCommand handles it.
      ReportSettings.from(c);
    } catch (SynthmixException e) {
      if (e.exitCode() != ExitCode.USAGE) {
        throw new AssertionError("a bad setting must be a usage error (exit 2), not " + e.exitCode(), e);
      }
    } catch (RuntimeException e) {
      // The settings text in the message: the regression test's input (resources/fuzz/settings/).
      throw new IllegalStateException("settings <<<" + text + ">>> threw " + e, e);
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    SettingsLoader.load(SettingsLoader.parse("")).getConfig(SettingsLoader.ROOT).entrySet()
        .forEach(e -> keys.add(SettingsLoader.ROOT + "." + e.getKey()));
    keys.add("synthmix.gates");
    keys.add("synthmix.sources");
    Collections.sort(keys);
    return keys;
  }
}
