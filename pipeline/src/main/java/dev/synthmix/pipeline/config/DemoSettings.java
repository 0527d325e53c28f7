package dev.synthmix.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;

/**
 * Settings of the demo's generators ({@code synthmix.demo}).
 *
 * @param markovFraction depth-1 Markov set size as a share of the real corpus
 * @param markovDepths how many recursive Markov generations (1 = none beyond depth 1)
 * @param perturbFraction share of real passages the perturbation generator rewrites
 * @param corpusFraction share of the embedded corpus's passages ingested (a stable sample; 1 = all)
 */
public record DemoSettings(String sourceName, double corpusFraction, int markovOrder, double markovFraction, int markovDepths, long markovSeed,
    double perturbFraction, double perturbMinRate, double perturbMaxRate, long perturbSeed, double sentenceMixFraction,
    long sentenceMixSeed) {

  public static DemoSettings from(Config c) {
    try {
      DemoSettings s = new DemoSettings(
          c.getString("synthmix.demo.source-name"),
          c.getDouble("synthmix.demo.corpus-fraction"),
          c.getInt("synthmix.demo.markov.order"),
          c.getDouble("synthmix.demo.markov.fraction"),
          c.getInt("synthmix.demo.markov.depths"),
          c.getLong("synthmix.demo.markov.seed"),
          c.getDouble("synthmix.demo.perturb.fraction"),
          c.getDouble("synthmix.demo.perturb.min-edit-rate"),
          c.getDouble("synthmix.demo.perturb.max-edit-rate"),
          c.getLong("synthmix.demo.perturb.seed"),
          c.getDouble("synthmix.demo.sentence-mix.fraction"),
          c.getLong("synthmix.demo.sentence-mix.seed"));
      if (!(s.corpusFraction > 0 && s.corpusFraction <= 1)) {
        throw SynthmixException.usage("Cannot use synthmix.demo.corpus-fraction = " + s.corpusFraction
            + ": use (0, 1] (1 = the whole embedded corpus)");
      }
      if (s.markovOrder < 1 || s.markovOrder > 5) {
        throw SynthmixException.usage("Cannot use synthmix.demo.markov.order = " + s.markovOrder + ": use 1..5 (2 or 3 read best)");
      }
      if (s.markovDepths < 1 || s.markovDepths > 10) {
        throw SynthmixException.usage("Cannot use synthmix.demo.markov.depths = " + s.markovDepths + ": use 1..10");
      }
      if (!(s.markovFraction > 0 && s.markovFraction <= 10) || !(s.perturbFraction > 0 && s.perturbFraction <= 1)
          || !(s.sentenceMixFraction > 0 && s.sentenceMixFraction <= 10)) {
        throw SynthmixException.usage("Cannot use synthmix.demo fractions: markov.fraction and sentence-mix.fraction in (0, 10],"
            + " perturb.fraction in (0, 1]");
      }
      if (!(s.perturbMinRate >= 0 && s.perturbMinRate <= s.perturbMaxRate && s.perturbMaxRate <= 1)) {
        throw SynthmixException.usage("Cannot use synthmix.demo.perturb edit rates: need 0 <= min-edit-rate <= max-edit-rate <= 1");
      }
      return s;
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }
}
