package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.contamination.ContaminationSettings;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.measure.ContaminationMeasure;
import dev.synthmix.pipeline.measure.MeasureInput;
import dev.synthmix.pipeline.measure.MeasureRun;
import java.util.List;
import java.util.Set;

/**
 * {@code contamination [--benchmark <path> [--name n] [--format f] [--id-field f] [--text-field f ...]]}:
 * the evaluation items of the benchmarks (the one given, or those under
 * synthmix.contamination.benchmarks) found in the current training mix → contamination,
 * contamination_matches.
 */
final class ContaminationCommand implements Command {

  @Override
  public String name() {
    return "contamination";
  }

  @Override
  public String usage() {
    return "[--benchmark <path> [--name n] [--format f] [--id-field f] [--text-field f ...]]  evaluation items"
        + " inside the mix -> contamination, contamination_matches";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("benchmark", "name", "format", "id-field", "text-field"));
    args.noPositional();
    ContaminationSettings settings = ContaminationSettings.fromConfig(config);
    String path = args.one("benchmark");
    if (path != null) {
      settings = settings.withBenchmarks(List.of(quick(path, args)));
    } else if (args.one("name") != null || args.one("format") != null || args.one("id-field") != null
        || !args.all("text-field").isEmpty()) {
      throw SynthmixException.usage("Cannot run contamination: --name, --format, --id-field and --text-field go with"
          + " --benchmark <path>");
    }
    if (settings.benchmarks().isEmpty()) {
      throw SynthmixException.usage("Cannot run contamination: no benchmark. Give --benchmark <path>, or list them under "
          + ContaminationSettings.BENCHMARKS);
    }
    ContaminationSettings checked = settings;
    return Prepared.writing((store, ledger) -> {
      MeasureInput input = MeasureInput.latest(store, ledger, "check contamination");
      long metrics = MeasureRun.run(new ContaminationMeasure(checked), input).count();
      var counts = ledger.counts();
      return String.format("contamination: %d documents checked against %d items of %d benchmark(s); %d matches; %d"
              + " metrics", input.profile().documents(), counts.getOrDefault("contamination.items_checked", 0L),
          checked.benchmarks().size(), counts.getOrDefault("contamination.matches", 0L), metrics);
    });
  }

  /** The benchmark of the command line: JSONL/Parquet/CSV by extension unless --format says. */
  private static SourceSpec quick(String path, Args args) {
    Format format = args.one("format") != null ? Format.parse(args.one("format")) : Format.guess(path);
    if (format == null) {
      throw SynthmixException.usage("Cannot tell the format of " + path + ": add --format jsonl|parquet|csv|text");
    }
    String name = args.one("name") != null ? args.one("name") : IngestRealCommand.defaultSourceName(path);
    List<String> text = args.all("text-field");
    String textField = text.isEmpty() ? SourceSpec.DEFAULT_TEXT : String.join(" + ", text);
    String id = args.one("id-field") != null ? args.one("id-field") : SourceSpec.DEFAULT_ID;
    return new SourceSpec(name, format, List.of(path), id, textField, SourceSpec.DEFAULT_CATEGORY, List.of(), null,
        true, ",", null, null);
  }
}
