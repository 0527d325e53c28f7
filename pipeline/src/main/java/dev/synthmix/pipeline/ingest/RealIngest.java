package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Real corpora → {@code docs_real} (+ quarantine). */
public final class RealIngest {

  /** Table property listing every source whose documents docs_real holds. */
  public static final String SOURCES_PROPERTY = "synthmix.sources";

  private RealIngest() {}

  public static IngestResult run(DeltaStore store, IngestSettings settings, List<SourceSpec> sources, RunLedger ledger) {
    IngestResult r = DocumentIngest.run(store, sources, settings.limits(), settings.maxQuarantinedShare(), settings.language(), new IngestTarget(Documents.REAL_TABLE,
        Documents.BASE_SCHEMA, UnaryOperator.identity(),
        Map.of("synthmix.description", "real documents, one row per doc_id (<source>:<input id>), with source file and position",
            "synthmix.origin", "real"),
        Map.of()), ledger);
    // The property is the running union of sources written so far: no scan of the table.
    store.addToSetProperty(Documents.REAL_TABLE, SOURCES_PROPERTY,
        r.sources().stream().filter(c -> !c.refused() && c.written() > 0).map(IngestResult.SourceCounts::source)
            .toList(), ledger);
    return r.throwIfRefused();
  }
}
