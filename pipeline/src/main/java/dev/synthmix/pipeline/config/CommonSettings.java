package dev.synthmix.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings every command shares: where the warehouse is, the run's id and date, Hadoop options.
 *
 * @param warehouse absolute URI of the warehouse root, without a trailing slash
 * @param runId the configured run id, empty to generate one
 * @param runDate the configured run date, empty for today (UTC)
 */
public record CommonSettings(
    String warehouse, Optional<String> runId, Optional<LocalDate> runDate, Map<String, String> hadoop) {

  public static final String WAREHOUSE = "synthmix.warehouse";
  public static final String RUN_ID = "synthmix.run.id";
  public static final String RUN_DATE = "synthmix.run.date";
  public static final String HADOOP = "synthmix.hadoop";

  public static CommonSettings from(Config config) {
    try {
      String warehouse = toUri(config.getString(WAREHOUSE));
      String id = config.getString(RUN_ID).trim();
      if (!id.isEmpty() && !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
        throw SynthmixException.usage(
            "Cannot use " + RUN_ID + " '" + id + "': use letters, digits, '.', '_', ':' or '-'");
      }
      String date = config.getString(RUN_DATE).trim();
      Optional<LocalDate> runDate;
      try {
        runDate = date.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(date));
      } catch (DateTimeParseException e) {
        throw SynthmixException.usage("Cannot use " + RUN_DATE + " '" + date + "': expected YYYY-MM-DD");
      }
      Map<String, String> hadoop = new TreeMap<>();
      config.getConfig(HADOOP).entrySet()
          .forEach(e -> hadoop.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
      return new CommonSettings(warehouse, id.isEmpty() ? Optional.empty() : Optional.of(id), runDate, Map.copyOf(hadoop));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  /** A path with a scheme stays as it is; a local path becomes an absolute file: URI. */
  public static String toUri(String location) {
    String l = location.trim();
    if (l.isEmpty()) {
      throw SynthmixException.usage("Cannot use an empty " + WAREHOUSE + ": set it to a folder or URI");
    }
    String uri;
    if (l.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
      uri = URI.create(l).normalize().toString();
    } else {
      uri = Path.of(l).toAbsolutePath().normalize().toUri().toString();
    }
    // Hadoop and Delta write local paths as file:/x; file:///x would count as another location.
    uri = uri.replaceFirst("^file:///", "file:/");
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
