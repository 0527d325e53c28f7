package dev.synthmix.pipeline.audit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.contamination.ContaminationSettings;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.diversity.DiversitySettings;
import dev.synthmix.pipeline.gates.GateSpec;
import dev.synthmix.pipeline.metrics.AnomalySettings;
import dev.synthmix.pipeline.mix.MixSlice;
import java.util.List;

/**
 * Everything the audit reads from settings, checked before Spark starts.
 *
 * @param sliceBy what coverage, diversity and collapse group documents by
 */
public record AuditSettings(CoverageSettings coverage, DiversitySettings diversity, AnomalySettings anomaly,
    List<GateSpec> gates, DedupSettings dedup, MixSlice sliceBy, ContaminationSettings contamination) {

  public static final String SLICE_BY = "synthmix.audit.slice-by";

  public static AuditSettings from(Config config) {
    try {
      return new AuditSettings(CoverageSettings.fromConfig(config), DiversitySettings.fromConfig(config),
          AnomalySettings.fromConfig(config), GateSpec.listFromConfig(config),
          DedupSettings.fromConfig(config.getConfig("synthmix.dedup")), MixSlice.parse(config.getString(SLICE_BY)),
          ContaminationSettings.fromConfig(config));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    } catch (IllegalArgumentException e) {
      throw SynthmixException.usage(e.getMessage());
    }
  }
}
