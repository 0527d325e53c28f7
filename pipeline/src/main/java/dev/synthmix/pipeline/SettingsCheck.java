package dev.synthmix.pipeline;

import com.typesafe.config.Config;
import dev.synthmix.pipeline.audit.AuditSettings;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.config.DemoSettings;
import dev.synthmix.pipeline.config.SyntheticSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.maintain.MaintainSettings;
import dev.synthmix.pipeline.openlineage.LineageSettings;
import dev.synthmix.pipeline.report.ReportSettings;
import dev.synthmix.pipeline.store.CatalogSettings;

/**
 * Builds every typed settings object once, so a wrong value anywhere under {@code synthmix}
 * stops any command before Spark starts, not only the command that reads it. It sits above the
 * concepts it checks, so {@code config/} (loading and validation helpers) stays on the ground floor.
 */
public final class SettingsCheck {

  private SettingsCheck() {}

  public static void all(Config config) {
    CommonSettings.from(config);
    IngestSettings.from(config);
    SyntheticSettings.from(config);
    DemoSettings.from(config);
    AuditSettings.from(config);
    ReportSettings.from(config);
    LineageSettings.from(config);
    MaintainSettings.from(config);
    CatalogSettings.from(config);
  }
}
