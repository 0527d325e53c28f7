package dev.synthmix.pipeline.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.text.LanguageId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the real-corpus ingest: the sources named in config and the record limits.
 *
 * @param sources the sources from {@code synthmix.ingest.sources}, in order
 * @param maxTextChars longest text accepted; longer records are quarantined
 * @param maxTextBytes largest record accepted, in bytes; larger records are quarantined unparsed
 * @param maxQuarantinedShare a source with a larger share of its records quarantined is refused
 * @param language how each document's language is identified (column {@code language})
 */
public record IngestSettings(List<SourceSpec> sources, long maxTextChars, long maxTextBytes,
    double maxQuarantinedShare, LanguageId.Settings language) {

  public static final String SOURCES = "synthmix.ingest.sources";
  public static final String MAX_TEXT_CHARS = "synthmix.ingest.max-text-chars";
  public static final String MAX_TEXT_BYTES = "synthmix.ingest.max-text-bytes";
  public static final String MAX_QUARANTINED_SHARE = "synthmix.ingest.max-quarantined-share";

  private static final Set<String> SOURCE_KEYS =
      Set.of(
          "name", "format", "paths", "path", "fields.id", "fields.text", "fields.category",
          "extra-columns", "default-category", "csv.header", "csv.delimiter", "text-separator", "table",
          "version");

  public IngestSettings {
    sources = List.copyOf(sources);
    if (maxTextChars < 1) {
      throw SynthmixException.usage("Cannot use " + MAX_TEXT_CHARS + " = " + maxTextChars + ": it must be at least 1");
    }
    // A JVM array (and Spark's UTF8String) holds at most 2^31 - 1 bytes.
    if (maxTextBytes < 1 || maxTextBytes > Integer.MAX_VALUE - 16) {
      throw SynthmixException.usage("Cannot use " + MAX_TEXT_BYTES + " = " + maxTextBytes
          + ": it must be between 1 and " + (Integer.MAX_VALUE - 16));
    }
    if (!(maxQuarantinedShare >= 0 && maxQuarantinedShare <= 1)) {
      throw SynthmixException.usage("Cannot use " + MAX_QUARANTINED_SHARE + " = " + maxQuarantinedShare
          + ": it must be between 0 and 1 (1 = never refuse a source)");
    }
  }

  public static IngestSettings from(Config config) {
    try {
      List<SourceSpec> sources = new ArrayList<>();
      List<? extends Config> entries = config.getConfigList(SOURCES);
      Set<String> names = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        SourceSpec spec = source(entries.get(i), SOURCES + "[" + i + "]");
        if (!names.add(spec.name())) {
          throw SynthmixException.usage(
              "Cannot use " + SOURCES + "[" + i + "]: source name '" + spec.name() + "' is used twice");
        }
        sources.add(spec);
      }
      return new IngestSettings(sources, config.getLong(MAX_TEXT_CHARS), config.getBytes(MAX_TEXT_BYTES),
          config.getDouble(MAX_QUARANTINED_SHARE), language(config));
    } catch (ConfigException e) {
      throw SettingsLoader.badSetting(e);
    }
  }

  private static LanguageId.Settings language(Config config) {
    try {
      return new LanguageId.Settings(config.getBoolean(LanguageId.Settings.ENABLED),
          config.getInt(LanguageId.Settings.MAX_CHARS), config.getInt(LanguageId.Settings.MIN_LETTERS));
    } catch (IllegalArgumentException e) {
      throw SynthmixException.usage(e.getMessage());
    }
  }

  /** The same limits with other sources (e.g. from the command line). */
  public IngestSettings withSources(List<SourceSpec> other) {
    return new IngestSettings(other, maxTextChars, maxTextBytes, maxQuarantinedShare, language);
  }

  /** The same settings with another refusal threshold (1 = never refuse a source). */
  public IngestSettings withMaxQuarantinedShare(double share) {
    return new IngestSettings(sources, maxTextChars, maxTextBytes, share, language);
  }

  /** The per-record size limits. */
  public RecordLimits limits() {
    return new RecordLimits(maxTextChars, maxTextBytes);
  }

  /** One source as written in settings (name, path or paths or table, format, fields, ...). */
  public static SourceSpec source(Config c, String where) {
    for (var e : c.entrySet()) {
      if (!SOURCE_KEYS.contains(e.getKey())) {
        throw SynthmixException.usage(
            "Cannot read " + where + ": unknown key '" + e.getKey() + "' (known: " + new java.util.TreeSet<>(SOURCE_KEYS) + ")");
      }
    }
    if (!c.hasPath("name")) {
      throw SynthmixException.usage("Cannot read " + where + ": 'name' is missing");
    }
    List<String> paths = new ArrayList<>();
    if (c.hasPath("table")) {
      if (c.hasPath("paths") || c.hasPath("path")) {
        throw SynthmixException.usage("Cannot read " + where + ": give 'table' or 'path'/'paths', not both");
      }
      paths.add(c.getString("table"));
    }
    if (c.hasPath("paths")) {
      paths.addAll(c.getStringList("paths"));
    }
    if (c.hasPath("path")) {
      paths.add(c.getString("path"));
    }
    if (paths.isEmpty()) {
      throw SynthmixException.usage("Cannot read " + where + ": set 'path' or 'paths'");
    }
    Format format;
    if (c.hasPath("table")) {
      format = Format.TABLE;
    } else if (c.hasPath("format")) {
      format = Format.parse(c.getString("format"));
    } else {
      format = Format.guess(paths.get(0));
      if (format == null) {
        throw SynthmixException.usage("Cannot read " + where + ": set 'format' (jsonl, parquet, csv or text)");
      }
    }
    return new SourceSpec(
        c.getString("name"),
        format,
        paths,
        c.hasPath("fields.id") ? c.getString("fields.id") : SourceSpec.DEFAULT_ID,
        c.hasPath("fields.text") ? mapping(c, "fields.text") : SourceSpec.DEFAULT_TEXT,
        c.hasPath("fields.category") ? c.getString("fields.category") : SourceSpec.DEFAULT_CATEGORY,
        c.hasPath("extra-columns") ? c.getStringList("extra-columns") : List.of(),
        c.hasPath("default-category") ? c.getString("default-category") : null,
        !c.hasPath("csv.header") || c.getBoolean("csv.header"),
        c.hasPath("csv.delimiter") ? c.getString("csv.delimiter") : ",",
        c.hasPath("text-separator") ? c.getString("text-separator") : null,
        c.hasPath("version") ? c.getLong("version") : null);
  }

  /** A mapping given as a string or as a list of parts (joined with '+', see FieldMapping). */
  private static String mapping(Config c, String key) {
    if (c.getValue(key).valueType() == ConfigValueType.LIST) {
      return String.join(" + ", c.getStringList(key));
    }
    return c.getString(key);
  }
}
