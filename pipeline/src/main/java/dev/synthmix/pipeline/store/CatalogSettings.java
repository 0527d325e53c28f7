package dev.synthmix.pipeline.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;

/**
 * Where the warehouse's tables are registered by name in the session catalog.
 *
 * @param register whether writing commands register every table as {@code <database>.<table>}
 * @param database the catalog database (created when missing)
 */
public record CatalogSettings(boolean register, String database) {

  public static final String REGISTER = "synthmix.catalog.register";
  public static final String DATABASE = "synthmix.catalog.database";

  public static CatalogSettings from(Config config) {
    try {
      String database = config.getString(DATABASE).trim();
      if (!database.matches("[a-z_][a-z0-9_]{0,127}")) {
        throw SynthmixException.usage("Cannot use " + DATABASE + " '" + database
            + "': use lower-case letters, digits and '_', starting with a letter or '_'");
      }
      return new CatalogSettings(config.getBoolean(REGISTER), database);
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }
}
