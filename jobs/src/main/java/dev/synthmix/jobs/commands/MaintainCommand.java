package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.maintain.MaintainSettings;
import dev.synthmix.pipeline.maintain.Maintenance;
import dev.synthmix.pipeline.report.ReportSettings;
import dev.synthmix.pipeline.run.Stage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code maintain [--retention <duration>] [--table <name> ...]}: OPTIMIZE and VACUUM that keep
 * every version a manifest, a runs row or a report references readable.
 */
final class MaintainCommand implements Command {

  @Override
  public String name() {
    return "maintain";
  }

  @Override
  public String usage() {
    return "[--retention 7d] [--table t ...] OPTIMIZE + VACUUM keeping every referenced version readable";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("retention", "table"));
    args.noPositional();
    MaintainSettings settings = MaintainSettings.from(config);
    String retention = args.one("retention");
    Optional<Duration> strict = retention == null ? Optional.empty()
        : Optional.of(MaintainSettings.parseDuration("--retention", retention));
    List<String> tables = args.all("table");
    ReportSettings report = ReportSettings.from(config);
    return Prepared.writing((store, ledger) -> {
      String reports = report.dir().orElse(store.root() + "/" + ReportSettings.WAREHOUSE_FOLDER);
      Maintenance.Result result;
      // Delta's VACUUM prints "Deleted n files ..." with println; stdout is this command's TSV, so
      // anything printed while maintaining goes to stderr with the logs.
      PrintStream stdout = System.out;
      System.setOut(System.err);
      try (Stage stage = Stage.begin(store.spark().sparkContext(), ledger, "maintain",
          "OPTIMIZE + VACUUM keeping referenced versions")) {
        result = new Maintenance(store, settings, reports).execute(tables, strict, ledger);
      } finally {
        System.setOut(stdout);
      }
      for (var t : result.tables()) {
        System.out.println(String.join("\t", t.table(), Long.toString(t.references()),
            String.format(Locale.ROOT, "%.2f", t.retention().toMillis() / 3_600_000.0),
            t.oldest().map(r -> t.table() + "@" + r.version() + " " + r.referrer()).orElse("-"),
            Long.toString(t.filesDeleted())));
      }
      return String.format("maintain: %d tables, %d files vacuumed", result.tables().size(), result.filesDeleted());
    });
  }
}
