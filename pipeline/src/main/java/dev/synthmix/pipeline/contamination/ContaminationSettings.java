package dev.synthmix.pipeline.contamination;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the contamination check reads from settings, checked before Spark starts.
 *
 * @param benchmarks the evaluation sets, each written like an ingest source ({@code name},
 *     {@code path(s)}, {@code format}, {@code fields { id, text }}; {@code fields.text} may list
 *     several fields, joined); none: the check does not run
 * @param ngram words per n-gram matched (13, as the GPT-3 paper's overlap check)
 * @param minTokens an item shorter than {@code ngram} words is matched whole when it has at least
 *     this many words; shorter items are not checked (counted in the log)
 * @param excerptChars at most this many characters of a match's longest shared span are kept
 * @param tokenizer how text is cut into the words the n-grams are made of
 */
public record ContaminationSettings(List<SourceSpec> benchmarks, int ngram, int minTokens, int excerptChars,
    Tokenizer tokenizer) {

  public static final String BENCHMARKS = "synthmix.contamination.benchmarks";
  public static final String NGRAM = "synthmix.contamination.ngram";
  public static final String MIN_TOKENS = "synthmix.contamination.min-tokens";
  public static final String EXCERPT_CHARS = "synthmix.contamination.excerpt-chars";
  public static final String TOKENIZER = "synthmix.contamination.tokenizer";

  public ContaminationSettings {
    benchmarks = List.copyOf(benchmarks);
    if (ngram < 2 || ngram > 64) {
      throw SynthmixException.usage("Cannot use " + NGRAM + " = " + ngram + ": must be in 2..64");
    }
    if (minTokens < 1 || minTokens > ngram) {
      throw SynthmixException.usage("Cannot use " + MIN_TOKENS + " = " + minTokens + ": must be in 1.." + NGRAM
          + " (" + ngram + ")");
    }
    if (excerptChars < 0 || excerptChars > 10_000) {
      throw SynthmixException.usage("Cannot use " + EXCERPT_CHARS + " = " + excerptChars + ": must be in 0..10000");
    }
    Set<String> names = new HashSet<>();
    for (SourceSpec b : benchmarks) {
      if (!names.add(b.name())) {
        throw SynthmixException.usage("Cannot use " + BENCHMARKS + ": benchmark name '" + b.name() + "' is used twice");
      }
    }
  }

  /** Reads the settings; defaults come from {@code reference.conf}. */
  public static ContaminationSettings fromConfig(Config config) {
    try {
      List<SourceSpec> benchmarks = new ArrayList<>();
      List<? extends Config> list = config.getConfigList(BENCHMARKS);
      for (int i = 0; i < list.size(); i++) {
        benchmarks.add(IngestSettings.source(list.get(i), BENCHMARKS + "[" + i + "]"));
      }
      return new ContaminationSettings(benchmarks, config.getInt(NGRAM), config.getInt(MIN_TOKENS),
          config.getInt(EXCERPT_CHARS), parseTokenizer(config.getString(TOKENIZER)));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  /** The same settings with other benchmarks (e.g. from the command line). */
  public ContaminationSettings withBenchmarks(List<SourceSpec> other) {
    return new ContaminationSettings(other, ngram, minTokens, excerptChars, tokenizer);
  }

  private static Tokenizer parseTokenizer(String value) {
    try {
      return Tokenizer.parse(value);
    } catch (IllegalArgumentException e) {
      throw SynthmixException.usage(e.getMessage().replace(Tokenizer.SETTING, TOKENIZER));
    }
  }
}
