package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.CatalogSettings;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.WarehouseCatalog;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.schema.Documents;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code sql [--format tsv|csv|json] [--limit N] "<query>"}: Spark SQL over the warehouse, printed
 * on stdout (TSV with a header by default).
 */
final class SqlCommand implements Command {

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String usage() {
    return "[--format tsv|csv|json] [--limit N] \"<Spark SQL>\"  query the warehouse's tables by name or"
        + " delta.`<path>`; TSV (default), CSV or JSON Lines on stdout";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of("format", "limit"));
    ResultPrinter.Format format = ResultPrinter.Format.parse(args.one("format"));
    Integer limit = limit(args.one("limit"));
    String database = CatalogSettings.from(config).database();
    if (args.positional().size() != 1) {
      throw SynthmixException.usage("Cannot run sql: give exactly one query, quoted, e.g. sql \"select count(*) from docs_real\"");
    }
    String query = args.positional().get(0);
    return Prepared.reading((store, ledger) -> {
      List<String> tables = registerTables(store, database);
      long rows;
      try {
        Dataset<Row> result = store.spark().sql(query);
        rows = ResultPrinter.print(limit == null ? result : result.limit(limit), format, System.out);
      } catch (Exception e) {
        throw queryFailure(e, tables);
      }
      return rows + " row(s); tables: " + String.join(", ", tables);
    });
  }

  /**
   * Registers every warehouse table in {@code database} (made current, so plain names work) and
   * the current training mix as the temporary view {@code training_mix}; returns their names.
   */
  static List<String> registerTables(DeltaStore store, String database) {
    List<String> tables = new ArrayList<>(WarehouseCatalog.register(store, database));
    if (tables.contains(Documents.REAL_TABLE)) {
      TrainingMixBuilder.build(store.read(Documents.REAL_TABLE),
          tables.contains(Documents.SYNTHETIC_TABLE) ? store.read(Documents.SYNTHETIC_TABLE) : null)
          .createOrReplaceTempView(TrainingMixBuilder.VIEW);
      tables.add(TrainingMixBuilder.VIEW + " (view)");
    }
    return tables;
  }

  /** A query's failure as a usage error naming the tables, or the exception itself. */
  static RuntimeException queryFailure(Exception e, List<String> tables) {
    // Scala's AnalysisException is checked for javac, so it is caught as Exception.
    if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
      return SynthmixException.usage("Cannot run the query: " + e.getMessage() + "\nTables: " + tables);
    }
    return e instanceof RuntimeException re ? re : new IllegalStateException(e);
  }

  static Integer limit(String value) {
    if (value == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SynthmixException.usage("Cannot run the query: --limit must be a whole number >= 0, not '" + value + "'");
  }
}
