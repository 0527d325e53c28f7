package dev.synthmix.pipeline.gates;

import java.util.Locale;

/** What a failed gate does: {@code warn} is reported, {@code fail} also fails the run (exit 1). */
public enum Severity {
  WARN,
  FAIL;

  /** The config spelling: {@code warn} or {@code fail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
