package dev.synthmix.pipeline.maintain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import java.time.Duration;

/**
 * How {@code maintain} compacts and vacuums the warehouse ({@code synthmix.maintain}).
 *
 * @param retention the VACUUM retention wanted; lengthened when a referenced version needs more
 * @param margin added to what a referenced version needs, for the time between the check and the
 *     VACUUM and for clock skew between writers
 * @param horizon added to the retention in the tables' {@code delta.deletedFileRetentionDuration}
 *     and {@code delta.logRetentionDuration}: the time until the next maintain, as referenced
 *     versions age while the properties stay
 * @param optimize whether to compact small files (OPTIMIZE) before vacuuming
 * @param partitionDatedTables whether to rewrite a dated table made before partitioning by
 *     run_date (a new version; older versions stay readable) or leave it with a log line
 */
public record MaintainSettings(Duration retention, Duration margin, Duration horizon, boolean optimize,
    boolean partitionDatedTables) {

  public static final String RETENTION = "synthmix.maintain.retention";
  public static final String MARGIN = "synthmix.maintain.margin";
  public static final String HORIZON = "synthmix.maintain.horizon";
  public static final String OPTIMIZE = "synthmix.maintain.optimize";
  public static final String PARTITION_DATED_TABLES = "synthmix.maintain.partition-dated-tables";

  public static MaintainSettings from(Config config) {
    try {
      return new MaintainSettings(notNegative(config, RETENTION), notNegative(config, MARGIN),
          notNegative(config, HORIZON), config.getBoolean(OPTIMIZE), config.getBoolean(PARTITION_DATED_TABLES));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  /** A duration in the settings' syntax ({@code 7d}, {@code 36h}, {@code 90m}), e.g. from a command line. */
  public static Duration parseDuration(String what, String value) {
    try {
      Duration d = ConfigFactory.parseString("d = \"" + value.replace("\"", "") + "\"").getDuration("d");
      if (d.isNegative()) {
        throw SynthmixException.usage("Cannot use " + what + " " + value + ": must not be negative");
      }
      return d;
    } catch (ConfigException e) {
      throw SynthmixException.usage("Cannot use " + what + " '" + value + "': expected a duration such as 7d, 36h or 0h");
    }
  }

  private static Duration notNegative(Config config, String key) {
    Duration d = config.getDuration(key);
    if (d.isNegative()) {
      throw SynthmixException.usage("Cannot use " + key + " = " + d + ": must not be negative");
    }
    return d;
  }
}
