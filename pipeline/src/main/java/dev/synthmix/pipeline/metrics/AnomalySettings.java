package dev.synthmix.pipeline.metrics;

import com.typesafe.config.Config;

/**
 * Settings of the run-over-run anomaly check.
 *
 * @param windowRuns how many of the latest earlier runs form the baseline (N)
 * @param stddevFactor k of the mean ± k·σ band
 * @param maxRelativeChange a larger |today − previous| / |previous| is reported
 * @param minHistoryRuns fewer baseline runs than this give no band (σ of two points means little)
 * @param minBandRelative the band's half-width is at least this share of |mean|, so a series that
 *     never moved (σ = 0) is not flagged on any change
 * @param minBandAbsolute ... and at least this much
 */
public record AnomalySettings(
    int windowRuns, double stddevFactor, double maxRelativeChange, int minHistoryRuns,
    double minBandRelative, double minBandAbsolute) {

  public static final String WINDOW_RUNS = "synthmix.anomaly.window-runs";
  public static final String STDDEV_FACTOR = "synthmix.anomaly.stddev-factor";
  public static final String MAX_RELATIVE_CHANGE = "synthmix.anomaly.max-relative-change";
  public static final String MIN_HISTORY_RUNS = "synthmix.anomaly.min-history-runs";
  public static final String MIN_BAND_RELATIVE = "synthmix.anomaly.min-band-relative";
  public static final String MIN_BAND_ABSOLUTE = "synthmix.anomaly.min-band-absolute";

  public AnomalySettings {
    if (windowRuns < 1) {
      throw new IllegalArgumentException(
          "Cannot read " + WINDOW_RUNS + ": must be at least 1, got " + windowRuns);
    }
    if (!(stddevFactor > 0.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + STDDEV_FACTOR + ": must be positive, got " + stddevFactor);
    }
    if (!(maxRelativeChange > 0.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + MAX_RELATIVE_CHANGE + ": must be positive, got " + maxRelativeChange);
    }
    if (minHistoryRuns < 2 || minHistoryRuns > windowRuns) {
      throw new IllegalArgumentException(
          "Cannot read "
              + MIN_HISTORY_RUNS
              + ": must be in [2, "
              + WINDOW_RUNS
              + "], got "
              + minHistoryRuns);
    }
    if (!(minBandRelative >= 0.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + MIN_BAND_RELATIVE + ": must be >= 0, got " + minBandRelative);
    }
    if (!(minBandAbsolute >= 0.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + MIN_BAND_ABSOLUTE + ": must be >= 0, got " + minBandAbsolute);
    }
  }

  /** Reads the settings; defaults come from {@code reference.conf}. */
  public static AnomalySettings fromConfig(Config config) {
    return new AnomalySettings(
        config.getInt(WINDOW_RUNS),
        config.getDouble(STDDEV_FACTOR),
        config.getDouble(MAX_RELATIVE_CHANGE),
        config.getInt(MIN_HISTORY_RUNS),
        config.getDouble(MIN_BAND_RELATIVE),
        config.getDouble(MIN_BAND_ABSOLUTE));
  }
}
