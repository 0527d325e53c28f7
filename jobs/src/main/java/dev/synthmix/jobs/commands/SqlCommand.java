package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.store.WarehouseCatalog;
import dev.synthmix.pipeline.mix.TrainingMixBuilder;
import dev.synthmix.pipeline.schema.Documents;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;

/** {@code sql "<query>"}: Spark SQL over the warehouse, TSV with a header on stdout. */
final class SqlCommand implements Command {

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String usage() {
    return "\"<Spark SQL>\"  query the warehouse's tables by name or delta.`<path>`; TSV on stdout";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args args = Args.parse(name(), argList, Set.of());
    if (args.positional().size() != 1) {
      throw SynthmixException.usage("Cannot run sql: give exactly one query, quoted, e.g. sql \"select count(*) from docs_real\"");
    }
    String query = args.positional().get(0);
    return Prepared.reading((store, ledger) -> {
      List<String> tables = new java.util.ArrayList<>(WarehouseCatalog.register(store));
      if (tables.contains(Documents.REAL_TABLE)) {
        TrainingMixBuilder.build(store.read(Documents.REAL_TABLE),
            tables.contains(Documents.SYNTHETIC_TABLE) ? store.read(Documents.SYNTHETIC_TABLE) : null)
            .createOrReplaceTempView(TrainingMixBuilder.VIEW);
        tables.add(TrainingMixBuilder.VIEW + " (view)");
      }
      long rows;
      try {
        rows = Tsv.print(store.spark().sql(query), System.out);
      } catch (Exception e) {
        // Scala's AnalysisException is checked for javac, so it is caught as Exception.
        if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
          throw SynthmixException.usage("Cannot run the query: " + e.getMessage() + "\nTables: " + tables);
        }
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
      return rows + " row(s); tables: " + String.join(", ", tables);
    });
  }
}
