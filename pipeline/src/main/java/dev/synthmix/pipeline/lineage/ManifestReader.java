package dev.synthmix.pipeline.lineage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a lineage manifest (HOCON or JSON) strictly: every required field present and well
 * formed, nothing unknown. Any problem refuses the set (exit 3) with the field named, before
 * anything is written. Checks against the warehouse are in {@link ManifestCheck}.
 */
public final class ManifestReader {

  private static final Set<String> KNOWN =
      Set.of(
          "set-id", "generator.name", "generator.model", "generator.version", "generator.parameters",
          "prompt.template-id", "prompt.template-hash", "seed.table", "seed.version", "depth", "parent-set",
          "generation.run-id", "generation.generated-at", "data.format", "data.path", "data.paths",
          "data.fields.id", "data.fields.text", "data.fields.category");

  private ManifestReader() {}

  /**
   * @param allowOutside when false, data paths must be relative and stay inside the manifest's folder
   */
  public static Manifest read(String manifestPath, Configuration hadoop, boolean allowOutside) {
    Path path = new Path(manifestPath);
    String text;
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw SynthmixException.refused("Cannot ingest the set: its lineage manifest " + manifestPath
            + " does not exist. A synthetic set without lineage is refused. Nothing was written.");
      }
      try (InputStream in = fs.open(path)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      path = fs.makeQualified(path);
    } catch (IOException e) {
      throw SynthmixException.refused("Cannot read the lineage manifest " + manifestPath + ": " + e.getMessage());
    }
    return parseText(text, manifestPath, path.toString(), path.getParent().toString(), allowOutside);
  }

  /**
   * Pure: a manifest's text → the manifest, or {@link SynthmixException} (refused) naming the
   * problem. {@code manifestPath} picks the syntax (".json" or HOCON).
   */
  public static Manifest parseText(String text, String manifestPath, String manifestFile, String baseDir,
      boolean allowOutside) {
    Config c;
    try {
      ConfigSyntax syntax = manifestPath.endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF;
      c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(syntax).setOriginDescription(manifestPath))
          .resolve();
    } catch (ConfigException e) {
      throw SynthmixException.refused("Cannot parse the lineage manifest " + manifestPath + ": " + e.getMessage());
    }
    return parse(c, manifestFile, baseDir, allowOutside);
  }

  /** Parses a manifest already loaded; {@code baseDir} resolves relative data paths. */
  public static Manifest parse(Config c, String manifestFile, String baseDir, boolean allowOutside) {
    Fields f = new Fields(c, manifestFile);
    for (var e : c.entrySet()) {
      if (!KNOWN.contains(e.getKey()) && !e.getKey().startsWith("generator.parameters.")) {
        throw f.refuse(e.getKey(), "is not a manifest field (known: " + new TreeSet<>(KNOWN) + ")");
      }
    }
    String setId = f.string("set-id");
    if (!setId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw f.refuse("set-id", "must be letters, digits, '.', '_' or '-' (at most 128)");
    }
    Map<String, String> params = new TreeMap<>();
    if (c.hasPath("generator.parameters")) {
      try {
        c.getConfig("generator.parameters").entrySet().forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue().unwrapped())));
      } catch (ConfigException e) {
        throw f.refuse("generator.parameters", "must be an object of name = value");
      }
    }
    String promptId = f.optional("prompt.template-id");
    String promptHash = f.optional("prompt.template-hash");
    if (promptId == null && promptHash == null) {
      throw f.refuse("prompt.template-id", "is missing: give prompt.template-id and/or prompt.template-hash");
    }
    String seedTable = f.string("seed.table");
    long seedVersion = f.number("seed.version");
    if (seedVersion < 0) {
      throw f.refuse("seed.version", "must be a Delta version (0 or more)");
    }
    int depth = (int) f.number("depth");
    if (depth < 1) {
      throw f.refuse("depth", "must be 1 (made from real data) or more (made from a synthetic set)");
    }
    String parent = f.optional("parent-set");
    if (depth > 1 && parent == null) {
      throw f.refuse("parent-set", "is missing: a set of depth " + depth + " names the depth-" + (depth - 1) + " set it was made from");
    }
    if (depth == 1 && parent != null) {
      throw f.refuse("parent-set", "must be absent at depth 1 (made from real data), or depth must be more than 1");
    }
    Instant generatedAt;
    try {
      generatedAt = Instant.parse(f.string("generation.generated-at"));
    } catch (DateTimeParseException e) {
      throw f.refuse("generation.generated-at", "must be an ISO-8601 instant such as 2026-01-02T03:04:05Z");
    }
    // Every data field through Fields: a wrong type refuses the set naming the field (found by
    // fuzzing: "data.paths = x" escaped as ConfigException.WrongType, exit 4).
    List<String> paths = new ArrayList<>(f.strings("data.paths"));
    String single = f.optional("data.path");
    if (single != null) {
      paths.add(single);
    }
    List<String> resolved = new ArrayList<>();
    for (String p : paths) {
      resolved.add(resolve(f, baseDir, p, allowOutside));
    }
    Manifest.DataSpec data = new Manifest.DataSpec(
        f.optional("data.format"), resolved,
        orDefault(f.optional("data.fields.id"), "id"),
        orDefault(f.optional("data.fields.text"), "text"),
        orDefault(f.optional("data.fields.category"), "category"));
    return new Manifest(setId, f.string("generator.name"), f.string("generator.model"), f.string("generator.version"),
        Map.copyOf(params), promptId, promptHash, seedTable, seedVersion, depth, parent,
        f.string("generation.run-id"), generatedAt, data, manifestFile);
  }

  private static String orDefault(String v, String fallback) {
    return v == null ? fallback : v;
  }

  private static String resolve(Fields f, String baseDir, String p, boolean allowOutside) {
    boolean absolute = p.startsWith("/") || p.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    boolean escapes = List.of(p.split("/")).contains("..");
    if (!allowOutside && (absolute || escapes)) {
      throw f.refuse("data.path", "'" + p + "' leaves the manifest's folder; use a path relative to it,"
          + " or set synthmix.synthetic.allow-outside-paths = true");
    }
    return absolute ? p : baseDir + "/" + p;
  }

  /** Field access that names the field and the manifest in every refusal. */
  private static final class Fields {
    private final Config c;
    private final String file;

    Fields(Config c, String file) {
      this.c = c;
      this.file = file;
    }

    SynthmixException refuse(String field, String problem) {
      return SynthmixException.refused("Cannot ingest the set: lineage manifest " + file + ": field '" + field + "' "
          + problem + ". Nothing was written.");
    }

    String string(String key) {
      if (!c.hasPath(key)) {
        throw refuse(key, "is missing");
      }
      try {
        String v = c.getString(key).trim();
        if (v.isEmpty()) {
          throw refuse(key, "is empty");
        }
        return v;
      } catch (ConfigException.WrongType e) {
        throw refuse(key, "must be a string");
      }
    }

    String optional(String key) {
      return c.hasPath(key) ? string(key) : null;
    }

    /** A list of strings; empty when absent. */
    List<String> strings(String key) {
      if (!c.hasPath(key)) {
        return List.of();
      }
      try {
        return c.getStringList(key);
      } catch (ConfigException.WrongType e) {
        throw refuse(key, "must be a list of strings");
      }
    }

    long number(String key) {
      if (!c.hasPath(key)) {
        throw refuse(key, "is missing");
      }
      try {
        return c.getLong(key);
      } catch (ConfigException.WrongType e) {
        throw refuse(key, "must be a whole number");
      }
    }
  }
}
