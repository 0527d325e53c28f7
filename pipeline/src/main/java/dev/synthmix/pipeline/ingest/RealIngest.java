package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.config.IngestSettings;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Real corpora → {@code docs_real} (+ quarantine). */
public final class RealIngest {

  private RealIngest() {}

  public static IngestResult run(DeltaStore store, IngestSettings settings, List<SourceSpec> sources, RunLedger ledger) {
    IngestResult r = DocumentIngest.run(store, sources, settings.maxTextChars(), new IngestTarget(Documents.REAL_TABLE,
        Documents.BASE_SCHEMA, UnaryOperator.identity(),
        Map.of("synthmix.description", "real documents, one row per doc_id, with source file and position",
            "synthmix.origin", "real"),
        Map.of()), ledger);
    store.setProperties(Documents.REAL_TABLE, Map.of("synthmix.sources", String.join(",",
        store.read(Documents.REAL_TABLE).select(Documents.SOURCE).distinct().orderBy(Documents.SOURCE)
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList())), ledger);
    return r;
  }
}
