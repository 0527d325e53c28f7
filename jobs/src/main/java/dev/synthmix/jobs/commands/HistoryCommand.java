package dev.synthmix.jobs.commands;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Set;

/** {@code history <table>}: the table's versions with run ids and lineage from commit metadata. */
final class HistoryCommand implements Command {

  @Override
  public String name() {
    return "history";
  }

  @Override
  public String usage() {
    return "<table>  versions of a table with run id, command, generators and input versions (TSV)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of());
    if (args.positional().size() != 1 || !args.positional().get(0).matches("[a-z][a-z0-9_]*")) {
      throw SynthmixException.usage("Cannot run history: give one table name, e.g. history docs_synthetic");
    }
    String table = args.positional().get(0);
    return Prepared.reading((store, ledger) -> {
      if (!store.exists(table)) {
        throw SynthmixException.usage("Cannot show history of " + table + ": no Delta table at " + store.path(table));
      }
      var meta = col("userMetadata");
      long rows = ResultPrinter.print(store.history(table).orderBy(col("version")).select(
          col("version"),
          col("timestamp"),
          col("operation"),
          get_json_object(meta, "$.run_id").as("run_id"),
          get_json_object(meta, "$.command").as("command"),
          get_json_object(meta, "$.operation").as("step"),
          get_json_object(meta, "$.set_id").as("set_id"),
          get_json_object(meta, "$.generator.name").as("generator"),
          get_json_object(meta, "$.depth").as("depth"),
          get_json_object(meta, "$.generators").as("run_generators"),
          get_json_object(meta, "$.input_versions").as("input_versions"),
          col("operationMetrics").as("operation_metrics"),
          meta.as("user_metadata")), ResultPrinter.Format.TSV, System.out);
      return rows + " version(s) of " + table;
    });
  }
}
