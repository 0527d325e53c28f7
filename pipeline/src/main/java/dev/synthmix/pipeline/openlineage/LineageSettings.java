package dev.synthmix.pipeline.openlineage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a run's OpenLineage events go ({@code synthmix.openlineage}); off by default.
 *
 * @param transport {@code file} (one JSON event per line, appended) or {@code http} (POST to an
 *     OpenLineage endpoint such as Marquez)
 * @param filePath the events file, for the file transport
 * @param httpUrl the endpoint's base URL, for the http transport (events go to {@code
 *     /api/v1/lineage} under it)
 * @param httpApiKey a bearer API key, when the endpoint wants one (masked in the settings dump)
 * @param namespace the datasets' namespace; empty = the warehouse URI
 * @param jobNamespace the namespace of the jobs (one job per command)
 */
public record LineageSettings(boolean enabled, Transport transport, String filePath, Optional<URI> httpUrl,
    Optional<String> httpApiKey, Optional<String> namespace, String jobNamespace) {

  public static final String ENABLED = "synthmix.openlineage.enabled";
  public static final String TRANSPORT = "synthmix.openlineage.transport";
  public static final String FILE_PATH = "synthmix.openlineage.file-path";
  public static final String HTTP_URL = "synthmix.openlineage.http-url";
  public static final String HTTP_API_KEY = "synthmix.openlineage.http-api-key";
  public static final String NAMESPACE = "synthmix.openlineage.namespace";
  public static final String JOB_NAMESPACE = "synthmix.openlineage.job-namespace";

  /** How events leave the driver. */
  public enum Transport {
    FILE,
    HTTP
  }

  public static LineageSettings from(Config config) {
    try {
      boolean enabled = config.getBoolean(ENABLED);
      String t = config.getString(TRANSPORT).trim();
      Transport transport = switch (t) {
        case "file" -> Transport.FILE;
        case "http" -> Transport.HTTP;
        default -> throw SynthmixException.usage("Cannot use " + TRANSPORT + " = '" + t + "': use file or http");
      };
      String filePath = config.getString(FILE_PATH).trim();
      String url = config.getString(HTTP_URL).trim();
      Optional<URI> httpUrl = url.isEmpty() ? Optional.empty() : Optional.of(httpUri(url));
      String key = config.getString(HTTP_API_KEY).trim();
      String namespace = config.getString(NAMESPACE).trim();
      String jobNamespace = config.getString(JOB_NAMESPACE).trim();
      if (jobNamespace.isEmpty()) {
        throw SynthmixException.usage("Cannot use an empty " + JOB_NAMESPACE + ": name the namespace of synthmix's jobs");
      }
      if (enabled && transport == Transport.FILE && filePath.isEmpty()) {
        throw SynthmixException.usage("Cannot write OpenLineage events to a file: " + FILE_PATH
            + " is empty; set it to the events file, or " + TRANSPORT + " = http");
      }
      if (enabled && transport == Transport.HTTP && httpUrl.isEmpty()) {
        throw SynthmixException.usage("Cannot send OpenLineage events over HTTP: " + HTTP_URL
            + " is empty; set it to the endpoint's base URL (e.g. http://localhost:5000)");
      }
      return new LineageSettings(enabled, transport, filePath, httpUrl, key.isEmpty() ? Optional.empty() : Optional.of(key),
          namespace.isEmpty() ? Optional.empty() : Optional.of(namespace), jobNamespace);
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  private static URI httpUri(String url) {
    try {
      URI uri = new URI(url);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw SynthmixException.usage("Cannot use " + HTTP_URL + " = '" + url + "': expected http(s)://host[:port][/path]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw SynthmixException.usage("Cannot use " + HTTP_URL + " = '" + url + "': " + e.getMessage());
    }
  }
}
