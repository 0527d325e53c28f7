package dev.synthmix.pipeline.config;

import com.typesafe.config.Config;

/**
 * Builds every typed settings object once, so a wrong value anywhere under {@code synthmix}
 * stops any command before Spark starts, not only the command that reads it.
 */
public final class SettingsCheck {

  private SettingsCheck() {}

  public static void all(Config config) {
    CommonSettings.from(config);
    IngestSettings.from(config);
    SyntheticSettings.from(config);
    DemoSettings.from(config);
    dev.synthmix.pipeline.audit.AuditSettings.from(config);
    dev.synthmix.pipeline.report.ReportSettings.from(config);
    dev.synthmix.pipeline.openlineage.LineageSettings.from(config);
    dev.synthmix.pipeline.maintain.MaintainSettings.from(config);
  }
}
