package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.config.IngestSettings;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Set;

/** {@code ingest-real [--input <path> ...] [--format f] [--source name]}: real corpora → docs_real. */
final class IngestRealCommand implements Command {

  @Override
  public String name() {
    return "ingest-real";
  }

  @Override
  public String usage() {
    return "[--input <path> ... [--format jsonl|parquet|csv|text] [--source <name>]]  real corpora -> docs_real"
        + " (without --input: synthmix.ingest.sources)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("input", "format", "source"));
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
    if (inputs.isEmpty()) {
      if (args.one("format") != null || args.one("source") != null) {
        throw SynthmixException.usage("Cannot run " + command + ": --format and --source go with --input");
      }
      if (settings.sources().isEmpty()) {
        throw SynthmixException.usage("Cannot run " + command + ": give --input <path>, or list sources under "
            + IngestSettings.SOURCES);
      }
      return settings.sources();
    }
    Format format;
    if (args.one("format") != null) {
      format = Format.parse(args.one("format"));
    } else {
      format = Format.guess(inputs.get(0));
      if (format == null) {
        throw SynthmixException.usage("Cannot tell the format of " + inputs.get(0) + ": add --format jsonl|parquet|csv|text");
      }
    }
    String source = args.one("source") != null ? args.one("source") : defaultSourceName(inputs.get(0));
    return List.of(SourceSpec.of(source, format, inputs));
  }

  /** news/2024.jsonl.gz → "2024"; a folder → its name. */
  static String defaultSourceName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String name = p.substring(p.lastIndexOf('/') + 1).replaceAll("\\.(gz|bz2|zst|snappy)$", "").replaceAll("\\.[A-Za-z0-9]+$", "");
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "input" + name : name;
  }

  static String summary(IngestResult r) {
    return String.format("read %d = written %d (inserted %d, updated %d, unchanged %d) + quarantined %d, from %d source(s); docs table version %d",
        r.read(), r.written(), r.inserted(), r.updated(), r.unchanged(), r.quarantined(), r.sources().size(), r.tableVersion());
  }
}
