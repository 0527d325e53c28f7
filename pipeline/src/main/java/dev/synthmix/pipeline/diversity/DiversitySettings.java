package dev.synthmix.pipeline.diversity;

import com.typesafe.config.Config;
import dev.synthmix.pipeline.text.Tokenizer;

/**
 * Settings of the diversity stage.
 *
 * @param sampleWindowTokens window size of the length-fair {@code ttr_sample} and {@code
 *     distinct_2_sample}
 * @param rareCategoryShare a real category with a smaller share of the real documents is rare
 * @param rareNgramMaxCount a real unigram seen at most this many times in the real corpus is rare
 * @param sampleMaxWindows windows of {@code ttr_sample} per group at most (taken from the documents
 *     with the smallest doc-id hashes); bounds each group's state to {@code sampleWindowTokens ×
 *     sampleMaxWindows} words
 * @param sketchLgNominalEntries log₂ of the Theta sketches' nominal entries k behind distinct-2,
 *     distinct-3 and novelty: exact up to k distinct n-grams per group, relative standard error
 *     about 1/√k above; each sketch holds at most 16·k bytes
 * @param tokenizer how text is cut into the words every measure counts
 */
public record DiversitySettings(
    int sampleWindowTokens,
    double rareCategoryShare,
    long rareNgramMaxCount,
    int sampleMaxWindows,
    int sketchLgNominalEntries,
    Tokenizer tokenizer) {

  public static final String SAMPLE_WINDOW_TOKENS = "synthmix.diversity.sample-window-tokens";
  public static final String RARE_CATEGORY_SHARE = "synthmix.diversity.rare-category-share";
  public static final String RARE_NGRAM_MAX_COUNT = "synthmix.diversity.rare-ngram-max-count";
  public static final String SAMPLE_MAX_WINDOWS = "synthmix.diversity.sample-max-windows";
  public static final String SKETCH_LG_NOMINAL_ENTRIES =
      "synthmix.diversity.sketch-lg-nominal-entries";
  public static final String TOKENIZER = "synthmix.diversity.tokenizer";

  public DiversitySettings {
    if (tokenizer == null) {
      throw new IllegalArgumentException("Cannot read " + TOKENIZER + ": expected icu or words");
    }
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
    if (sampleMaxWindows < 1) {
      throw new IllegalArgumentException(
          "Cannot read " + SAMPLE_MAX_WINDOWS + ": must be at least 1, got " + sampleMaxWindows);
    }
    if ((long) sampleMaxWindows * sampleWindowTokens > 50_000_000L) {
      throw new IllegalArgumentException(
          "Cannot read " + SAMPLE_MAX_WINDOWS + ": " + sampleMaxWindows + " windows of "
              + sampleWindowTokens + " words would hold over 5·10⁷ words per group in memory;"
              + " lower it or " + SAMPLE_WINDOW_TOKENS);
    }
    // DataSketches accepts 4..26; below 10 the error is several percent, above 21 a sketch
    // outgrows a task's memory once per group.
    if (sketchLgNominalEntries < 10 || sketchLgNominalEntries > 21) {
      throw new IllegalArgumentException(
          "Cannot read " + SKETCH_LG_NOMINAL_ENTRIES + ": must be in 10..21, got "
              + sketchLgNominalEntries);
    }
  }

  /** Reads the settings; defaults come from {@code reference.conf}. */
  public static DiversitySettings fromConfig(Config config) {
    return new DiversitySettings(
        config.getInt(SAMPLE_WINDOW_TOKENS),
        config.getDouble(RARE_CATEGORY_SHARE),
        config.getLong(RARE_NGRAM_MAX_COUNT),
        config.getInt(SAMPLE_MAX_WINDOWS),
        config.getInt(SKETCH_LG_NOMINAL_ENTRIES),
        Tokenizer.parse(config.getString(TOKENIZER)));
  }
}
