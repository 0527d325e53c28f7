package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ingest-real [--input <path> ...] [--format f] [--source name] [--field id|text|category=<name>]
 * [--default-category c]}: real corpora → docs_real.
 */
final class IngestRealCommand implements Command {

  @Override
  public String name() {
    return "ingest-real";
  }

  @Override
  public String usage() {
    return "[--input <path> ... [--format jsonl|parquet|csv|text] | --table <name|path> [--version N]]"
        + " [--source <name>] [--field id|text|category=<mapping>] [--default-category <c>]"
        + "  real corpora -> docs_real (without --input/--table: synthmix.ingest.sources)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList,
        Set.of("input", "table", "version", "format", "source", "field", "default-category"));
    args.noPositional();
    IngestSettings settings = IngestSettings.from(config);
    List<SourceSpec> sources = sourcesFromArgs(name(), args, settings);
    return Prepared.writing((store, ledger) -> {
      IngestResult r = Stage.run(store.spark().sparkContext(), ledger, "ingest-real", "ingest real sources",
          () -> RealIngest.run(store, settings, sources, ledger), IngestResult::read, IngestResult::written);
      return summary(r);
    });
  }

  /** Sources from --input/--format/--source, or from settings when no --input is given. */
  static List<SourceSpec> sourcesFromArgs(String command, Args args, IngestSettings settings) {
    List<String> inputs = args.all("input");
    String table = args.one("table");
    if (table != null && !inputs.isEmpty()) {
      throw SynthmixException.usage("Cannot run " + command + ": give --input or --table, not both");
    }
    if (args.one("version") != null && table == null) {
      throw SynthmixException.usage("Cannot run " + command + ": --version goes with --table");
    }
    if (table != null) {
      if (args.one("format") != null) {
        throw SynthmixException.usage("Cannot run " + command + ": --format does not go with --table");
      }
      inputs = List.of(table);
    }
    if (inputs.isEmpty()) {
      if (args.one("format") != null || args.one("source") != null || !args.all("field").isEmpty()
          || args.one("default-category") != null) {
        throw SynthmixException.usage("Cannot run " + command
            + ": --format, --source, --field and --default-category go with --input (sources in settings have"
            + " fields { ... } and default-category)");
      }
      if (settings.sources().isEmpty()) {
        throw SynthmixException.usage("Cannot run " + command + ": give --input <path>, or list sources under "
            + IngestSettings.SOURCES);
      }
      return settings.sources();
    }
    Format format;
    if (table != null) {
      format = Format.TABLE;
    } else if (args.one("format") != null) {
      format = Format.parse(args.one("format"));
    } else {
      format = Format.guess(inputs.get(0));
      if (format == null) {
        throw SynthmixException.usage("Cannot tell the format of " + inputs.get(0) + ": add --format jsonl|parquet|csv|text");
      }
    }
    String source = args.one("source") != null ? args.one("source")
        : table != null && !table.contains("/") ? table.replaceAll("[^A-Za-z0-9._-]", "_")
        : defaultSourceName(inputs.get(0));
    Map<String, String> fields = new LinkedHashMap<>(Map.of(
        "id", SourceSpec.DEFAULT_ID, "text", SourceSpec.DEFAULT_TEXT, "category", SourceSpec.DEFAULT_CATEGORY));
    for (String f : args.all("field")) {
      int eq = f.indexOf('=');
      String key = eq < 0 ? f : f.substring(0, eq);
      if (eq < 0 || !fields.containsKey(key)) {
        throw SynthmixException.usage("Cannot run " + command + ": --field " + f
            + " should be id=<name>, text=<name> or category=<name> (the input's field holding it; id= for none)");
      }
      fields.put(key, f.substring(eq + 1));
    }
    return List.of(new SourceSpec(source, format, inputs, fields.get("id"), fields.get("text"), fields.get("category"),
        List.of(), args.one("default-category"), true, ",", null, version(command, args.one("version"))));
  }

  private static Long version(String command, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw SynthmixException.usage("Cannot run " + command + ": --version must be a table version (0, 1, ...), not '"
          + value + "'");
    }
  }

  /** news/2024.jsonl.gz → "2024"; a folder → its name. */
  static String defaultSourceName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String name = p.substring(p.lastIndexOf('/') + 1).replaceAll("\\.(gz|bz2|zst|snappy)$", "").replaceAll("\\.[A-Za-z0-9]+$", "");
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "input" + name : name;
  }

  static String summary(IngestResult r) {
    return String.format("read %d = written %d (inserted %d, updated %d, unchanged %d) + quarantined %d; removed %d,"
        + " from %d source(s); docs table version %d", r.read(), r.written(), r.inserted(), r.updated(), r.unchanged(),
        r.quarantined(), r.removed(), r.sources().size(), r.tableVersion());
  }
}
