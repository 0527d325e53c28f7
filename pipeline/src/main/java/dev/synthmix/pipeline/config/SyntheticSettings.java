package dev.synthmix.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of synthetic ingest ({@code synthmix.synthetic}).
 *
 * @param manifests manifests of the configured sets, in order
 * @param allowOutsidePaths whether a manifest may name data outside its own folder
 */
public record SyntheticSettings(List<String> manifests, boolean allowOutsidePaths) {

  public static final String SETS = "synthmix.synthetic.sets";

  public static SyntheticSettings from(Config c) {
    try {
      List<String> manifests = new ArrayList<>();
      List<? extends Config> sets = c.getConfigList(SETS);
      for (int i = 0; i < sets.size(); i++) {
        Config s = sets.get(i);
        for (var e : s.entrySet()) {
          if (!e.getKey().equals("manifest")) {
            throw SynthmixException.usage("Cannot read " + SETS + "[" + i + "]: unknown key '" + e.getKey() + "' (known: manifest)");
          }
        }
        if (!s.hasPath("manifest")) {
          throw SynthmixException.usage("Cannot read " + SETS + "[" + i + "]: 'manifest' is missing");
        }
        manifests.add(s.getString("manifest"));
      }
      return new SyntheticSettings(List.copyOf(manifests), c.getBoolean("synthmix.synthetic.allow-outside-paths"));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }
}
