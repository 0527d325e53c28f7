package dev.synthmix.pipeline.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.CommonSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import java.util.Optional;

/**
 * Where the report goes and how much of the duplicate clusters it shows.
 *
 * @param dir folder or URI under which each run date gets its folder; empty = the warehouse's
 *     {@code reports} folder
 */
public record ReportSettings(Optional<String> dir, int largestClusters, int membersPerCluster, int sampleChars) {

  public static final String DIR = "synthmix.report.dir";
  public static final String LARGEST_CLUSTERS = "synthmix.report.largest-clusters";
  public static final String MEMBERS_PER_CLUSTER = "synthmix.report.members-per-cluster";
  public static final String SAMPLE_CHARS = "synthmix.report.sample-chars";

  /** The folder under the warehouse when {@link #DIR} is empty. */
  public static final String WAREHOUSE_FOLDER = "reports";

  public static ReportSettings from(Config config) {
    try {
      String dir = config.getString(DIR).trim();
      int clusters = positive(config, LARGEST_CLUSTERS);
      int members = positive(config, MEMBERS_PER_CLUSTER);
      int chars = positive(config, SAMPLE_CHARS);
      return new ReportSettings(dir.isEmpty() ? Optional.empty() : Optional.of(CommonSettings.toUri(dir)), clusters,
          members, chars);
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  /** The folder of one date's files. */
  public String folder(String warehouse, java.time.LocalDate date) {
    return dir.orElse(warehouse + "/" + WAREHOUSE_FOLDER) + "/" + date;
  }

  private static int positive(Config config, String key) {
    int v = config.getInt(key);
    if (v < 1) {
      throw SynthmixException.usage("Cannot use " + key + " = " + v + ": must be at least 1");
    }
    return v;
  }
}
