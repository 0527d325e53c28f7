package dev.synthmix.pipeline.diversity;

import com.typesafe.config.Config;

/**
 * Settings of the diversity stage.
 *
 * @param sampleWindowTokens window size of the length-fair {@code ttr_sample} and {@code
 *     distinct_2_sample}
 * @param rareCategoryShare a real category with a smaller share of the real documents is rare
 * @param rareNgramMaxCount a real unigram seen at most this many times in the real corpus is rare
 */
public record DiversitySettings(
    int sampleWindowTokens, double rareCategoryShare, long rareNgramMaxCount) {

  public static final String SAMPLE_WINDOW_TOKENS = "synthmix.diversity.sample-window-tokens";
  public static final String RARE_CATEGORY_SHARE = "synthmix.diversity.rare-category-share";
  public static final String RARE_NGRAM_MAX_COUNT = "synthmix.diversity.rare-ngram-max-count";

  public DiversitySettings {
    if (sampleWindowTokens < 2) {
      throw new IllegalArgumentException(
          "Cannot read "
              + SAMPLE_WINDOW_TOKENS
              + ": must be at least 2, got "
              + sampleWindowTokens);
    }
    if (!(rareCategoryShare > 0.0 && rareCategoryShare < 1.0)) {
      throw new IllegalArgumentException(
          "Cannot read " + RARE_CATEGORY_SHARE + ": must be in (0, 1), got " + rareCategoryShare);
    }
    if (rareNgramMaxCount < 1) {
      throw new IllegalArgumentException(
          "Cannot read " + RARE_NGRAM_MAX_COUNT + ": must be at least 1, got " + rareNgramMaxCount);
    }
  }

  /** Reads the settings; defaults come from {@code reference.conf}. */
  public static DiversitySettings fromConfig(Config config) {
    return new DiversitySettings(
        config.getInt(SAMPLE_WINDOW_TOKENS),
        config.getDouble(RARE_CATEGORY_SHARE),
        config.getLong(RARE_NGRAM_MAX_COUNT));
  }
}
