package dev.synthmix.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.synthmix.pipeline.SynthmixException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads and checks the layered settings before Spark starts: reference.conf &lt; -Dconfig.file &lt;
 * -Dkey=value &lt; the SYSTHMIX_* environment variables that reference.conf names.
 *
 * <p>Unknown keys under {@code synthmix} fail (a typo would otherwise be ignored silently), except
 * under the free-form sections in {@link #FREE_FORM}.
 */
public final class SettingsLoader {

  public static final String ROOT = "synthmix";

  /** Sections whose keys are the user's own (handed through, not ours to check). */
  private static final Set<String> FREE_FORM = Set.of("synthmix.hadoop");

  /**
   * Switches of the project's own build (e.g. {@code mvn verify -Dsynthmix.test.browser=required}),
   * which Maven hands to test JVMs as system properties: never settings, so not checked as keys.
   */
  private static final String BUILD_SWITCHES = "synthmix.test";

  // "token" but not "tokens": diversity.sample-window-tokens is a count, and masking it also kept
  // it out of the settings hash.
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(secret|password|passwd|token(?!s)|credential|access[._-]?key|private[._-]?key|api[._-]?key).*");

  private SettingsLoader() {}

  /** The resolved, validated settings of this JVM (system properties and config.file included). */
  public static Config load() {
    Config config;
    try {
      ConfigFactory.invalidateCaches();
      config = ConfigFactory.load(SettingsLoader.class.getClassLoader());
    } catch (ConfigException e) {
      throw SynthmixException.usage("Cannot load settings: " + e.getMessage());
    }
    return validate(config);
  }

  /** Layers {@code overrides} (e.g. from a test) on top of what {@link #load()} would give. */
  public static Config load(Config overrides) {
    Config config;
    try {
      ConfigFactory.invalidateCaches();
      config = overrides.withFallback(referenceOnly()).resolve();
    } catch (ConfigException e) {
      throw SynthmixException.usage("Cannot load settings: " + e.getMessage());
    }
    return validate(config);
  }

  /** Parses HOCON text (for tests and manifests). */
  public static Config parse(String hocon) {
    return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults());
  }

  /** reference.conf alone: ConfigFactory.defaultReference() also folds in system properties. */
  private static Config referenceOnly() {
    return ConfigFactory.parseResourcesAnySyntax(SettingsLoader.class.getClassLoader(), "reference").resolve();
  }

  static Config validate(Config config) {
    Config reference = referenceOnly();
    if (!config.hasPath(ROOT)) {
      throw SynthmixException.usage("Cannot load settings: no 'synthmix' section (is reference.conf on the classpath?)");
    }
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : config.getConfig(ROOT).entrySet()) {
      String key = ROOT + "." + e.getKey();
      if (key.startsWith(BUILD_SWITCHES + ".") || FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw SynthmixException.usage(
          "Cannot load settings: unknown key"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", new TreeSet<>(unknown))
              + ". Check the spelling against reference.conf (printed with each run's settings).");
    }
    try {
      config.checkValid(reference, ROOT);
    } catch (ConfigException.ValidationFailed e) {
      throw SynthmixException.usage("Cannot load settings: " + e.getMessage());
    }
    return config;
  }

  /** The synthmix section as HOCON, with secret-looking values masked. */
  public static String renderMasked(Config config) {
    return mask(config.getConfig(ROOT)).root().render(ConfigRenderOptions.concise().setFormatted(true));
  }

  /** The synthmix section with secret-looking values replaced by "***". */
  public static Config mask(Config section) {
    Config masked = section;
    for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
      if (isSecretKey(e.getKey())) {
        masked = masked.withValue(e.getKey(), ConfigValueFactory.fromAnyRef("***"));
      }
    }
    return masked;
  }

  public static boolean isSecretKey(String key) {
    // Quotes are dropped first: -Dsynthmix.hadoop."fs.s3a.access.key"=x is split at every dot by
    // Typesafe Config (system property keys are not parsed as paths), leaving "access.\"key\"".
    return SECRET.matcher(key.replace("\"", "")).matches();
  }

  /** A stable hash of the effective (masked) synthmix settings, to compare runs. */
  public static String hash(Config config) {
    String rendered = mask(config.getConfig(ROOT)).root().render(ConfigRenderOptions.concise());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Turns a Typesafe Config error into a usage error (exit 2) that names the key. */
  public static SynthmixException badSetting(ConfigException e) {
    return SynthmixException.usage(
        "Cannot read settings: " + e.getMessage() + ". Fix it in the config file or -D option named.");
  }
}
