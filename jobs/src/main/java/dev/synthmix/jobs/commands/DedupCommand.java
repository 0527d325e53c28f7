package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.measure.DedupMeasure;
import dev.synthmix.pipeline.measure.MeasureInput;
import dev.synthmix.pipeline.measure.MeasureRun;
import dev.synthmix.pipeline.measure.MixProfile;
import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code dedup}: exact + near duplicates over the training mix → dup_pairs, dup_clusters, dup_rates. */
final class DedupCommand implements Command {

  @Override
  public String name() {
    return "dedup";
  }

  @Override
  public String usage() {
    return "exact + near duplicates of the training mix -> dup_pairs, dup_clusters, dup_rates";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args.parse(name(), argList, Set.of()).noPositional();
    DedupSettings settings;
    try {
      settings = DedupSettings.fromConfig(config.getConfig("synthmix.dedup"));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    } catch (IllegalArgumentException e) {
      throw SynthmixException.usage(e.getMessage());
    }
    return Prepared.writing((store, ledger) -> {
      long realVersion = store.version(Documents.REAL_TABLE).orElseThrow(() -> SynthmixException.refused(
          "Cannot dedup: no docs_real in " + store.root() + "; run ingest-real (or demo) first"));
      ledger.input(Documents.REAL_TABLE, realVersion);
      var synthetic = store.version(Documents.SYNTHETIC_TABLE).map(v -> {
        ledger.input(Documents.SYNTHETIC_TABLE, v);
        return store.read(Documents.SYNTHETIC_TABLE, v);
      }).orElse(null);
      var mix = TrainingMixBuilder.build(store.read(Documents.REAL_TABLE, realVersion), synthetic);
      MixProfile profile = MixProfile.of(mix, MixSlice.CATEGORY);
      Dataset<Row> features = MeasureRun.features(store, ledger, mix, settings.features(), profile.documents());
      long metrics = MeasureRun.run(new DedupMeasure(settings),
          new MeasureInput(store, ledger, mix, mix, profile, synthetic, features)).count();
      var counts = ledger.counts();
      return String.format("dedup: %d verified pairs (%d near) at Jaccard >= %s; %d rate metrics",
          counts.getOrDefault("dedup.pairs", 0L), counts.getOrDefault("dedup.near_pairs", 0L), settings.threshold(), metrics);
    });
  }
}
