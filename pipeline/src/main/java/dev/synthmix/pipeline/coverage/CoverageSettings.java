package dev.synthmix.pipeline.coverage;

import com.typesafe.config.Config;

/**
 * Settings of the coverage stage.
 *
 * @param overFillCeiling a category whose synthetic share is above this is {@code over-filled}
 */
public record CoverageSettings(double overFillCeiling) {

  public static final String OVER_FILL_CEILING = "synthmix.coverage.over-fill-ceiling";

  public CoverageSettings {
    if (!(overFillCeiling > 0.0 && overFillCeiling <= 1.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + OVER_FILL_CEILING + ": must be in (0, 1], got " + overFillCeiling);
    }
  }

  /** Reads the settings; defaults come from {@code reference.conf}. */
  public static CoverageSettings fromConfig(Config config) {
    return new CoverageSettings(config.getDouble(OVER_FILL_CEILING));
  }
}
