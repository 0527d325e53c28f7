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

  /** Table property listing every source whose documents docs_real holds. */
  public static final String SOURCES_PROPERTY = "synthmix.sources";

  private RealIngest() {}

  public static IngestResult run(DeltaStore store, IngestSettings settings, List<SourceSpec> sources, RunLedger ledger) {
    IngestResult r = DocumentIngest.run(store, sources, settings.maxTextChars(), new IngestTarget(Documents.REAL_TABLE,
        Documents.BASE_SCHEMA, UnaryOperator.identity(),
        Map.of("synthmix.description", "real documents, one row per doc_id, with source file and position",
            "synthmix.origin", "real"),
        Map.of()), ledger);
    // The property is the running union of sources written so far: no scan of the table.
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    String current = store.properties(Documents.REAL_TABLE).getOrDefault(SOURCES_PROPERTY, "");
    if (!current.isEmpty()) {
      names.addAll(List.of(current.split(",")));
    }
    r.sources().stream().filter(c -> c.written() > 0).forEach(c -> names.add(c.source()));
    store.setProperties(Documents.REAL_TABLE, Map.of(SOURCES_PROPERTY, String.join(",", names)), ledger);
    return r;
  }
}
