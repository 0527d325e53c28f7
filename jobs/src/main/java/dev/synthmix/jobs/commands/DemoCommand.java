package dev.synthmix.jobs.commands;

import com.typesafe.config.Config;
import dev.synthmix.jobs.Args;
import dev.synthmix.jobs.Command;
import dev.synthmix.pipeline.config.IngestSettings;
import dev.synthmix.pipeline.ingest.EmbeddedCorpus;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code demo}: the embedded corpus end to end, printing what it built. */
final class DemoCommand implements Command {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String usage() {
    return "the embedded State of the Union corpus end to end (warehouse: synthmix.warehouse)";
  }

  @Override
  public Prepared prepare(List<String> argList, Config config) {
    Args.parse(name(), argList, Set.of()).noPositional();
    IngestSettings settings = IngestSettings.from(config);
    String sourceName = config.getString("synthmix.demo.source-name");
    return new Prepared() {
      @Override
      public boolean writes() {
        return true;
      }

      @Override
      public String run(DeltaStore store, RunLedger ledger) {
        LOG.info("demo warehouse: {}", store.root());
        SourceSpec corpus = EmbeddedCorpus.install(store.root(), sourceName, store.spark().sparkContext().hadoopConfiguration());
        IngestResult r = RealIngest.run(store, settings, List.of(corpus), ledger);
        List<Row> perCategory = store.read(Documents.REAL_TABLE)
            .groupBy(Documents.CATEGORY).count().orderBy(org.apache.spark.sql.functions.desc("count"), org.apache.spark.sql.functions.col(Documents.CATEGORY))
            .collectAsList();
        long total = 0;
        StringBuilder out = new StringBuilder("category\tdocuments\n");
        for (Row row : perCategory) {
          out.append(row.getString(0)).append('\t').append(row.getLong(1)).append('\n');
          total += row.getLong(1);
        }
        out.append("total\t").append(total).append('\n');
        System.out.print(out);
        System.out.flush();
        return "demo: " + IngestRealCommand.summary(r) + "; docs_real holds " + total + " documents in "
            + perCategory.size() + " categories; warehouse " + store.root();
      }
    };
  }
}
