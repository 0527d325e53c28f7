package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.store.CatalogSettings;
import dev.synthmix.pipeline.store.DeltaStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code shell [--format tsv|csv|json] [--limit N]}: an interactive Spark SQL prompt over the
 * warehouse, with every table registered by name and the training mix as a view. Statements end
 * with {@code ;}; a failing statement is reported and the prompt goes on; {@code quit;} or end of
 * input ends it. Reads stdin, so it also runs a file of statements: {@code shell < queries.sql}.
 */
final class ShellCommand implements Command {

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String usage() {
    return "[--format tsv|csv|json] [--limit N]  interactive Spark SQL over the warehouse (statements end with ;)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("format", "limit"));
    args.noPositional();
    ResultPrinter.Format format = ResultPrinter.Format.parse(args.one("format"));
    Integer limit = SqlCommand.limit(args.one("limit"));
    String database = CatalogSettings.from(config).database();
    return Prepared.reading((store, ledger) -> {
      List<String> tables = SqlCommand.registerTables(store, database);
      System.err.println("synthmix shell on " + store.root() + "; tables: " + String.join(", ", tables)
          + "\nend each statement with ';', quit with 'quit;' or Ctrl-D");
      int[] counts = repl(store, tables, format, limit);
      return counts[0] + " statement(s), " + counts[1] + " failed";
    });
  }

  private static int[] repl(DeltaStore store, List<String> tables, ResultPrinter.Format format, Integer limit) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder statement = new StringBuilder();
    int run = 0;
    int failed = 0;
    try {
      prompt(statement);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        statement.append(line).append('\n');
        int end;
        while ((end = statement.indexOf(";")) >= 0) {
          String sql = statement.substring(0, end).trim();
          statement.delete(0, end + 1);
          if (sql.equalsIgnoreCase("quit") || sql.equalsIgnoreCase("exit")) {
            return new int[] {run, failed};
          }
          if (sql.isEmpty()) {
            continue;
          }
          run++;
          if (!execute(store, tables, sql, format, limit)) {
            failed++;
          }
        }
        prompt(statement);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the shell's input: " + e.getMessage(), e);
    }
    return new int[] {run, failed};
  }

  private static boolean execute(
      DeltaStore store, List<String> tables, String sql, ResultPrinter.Format format, Integer limit) {
    try {
      Dataset<Row> result = store.spark().sql(sql);
      long rows = ResultPrinter.print(limit == null ? result : result.limit(limit), format, System.out);
      System.err.println("(" + rows + " row(s))");
      return true;
    } catch (Exception e) {
      RuntimeException failure = SqlCommand.queryFailure(e, tables);
      if (!(failure instanceof SynthmixException)) {
        System.err.println("Cannot run the statement: " + failure);
      } else {
        System.err.println(failure.getMessage());
      }
      return false;
    }
  }

  private static void prompt(StringBuilder pending) {
    if (System.console() != null) {
      System.err.print(pending.toString().isBlank() ? "synthmix> " : "       -> ");
      System.err.flush();
    }
  }
}
