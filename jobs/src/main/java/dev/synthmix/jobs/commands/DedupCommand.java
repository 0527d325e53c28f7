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
import dev.synthmix.pipeline.run.RunLedger;
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
      MeasureInput input = MeasureInput.latest(store, ledger, "dedup");
      Dataset<Row> features = MeasureRun.features(store, ledger, input.mix(), settings.features(),
          input.profile().documents());
      long metrics = MeasureRun.run(new DedupMeasure(settings), input.withFeatures(features)).count();
      var counts = ledger.counts();
      return String.format("dedup: %d verified pairs (%d near) at Jaccard >= %s; %d rate metrics",
          counts.getOrDefault("dedup.pairs", 0L), counts.getOrDefault("dedup.near_pairs", 0L), settings.threshold(), metrics);
    });
  }
}
