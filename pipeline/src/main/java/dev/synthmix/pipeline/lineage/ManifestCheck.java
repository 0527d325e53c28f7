package dev.synthmix.pipeline.lineage;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.store.DeltaStore;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Checks a manifest against the warehouse: the seed table and version exist, and the depth
 * agrees with the parent set's. Refuses (exit 3) before anything is written.
 */
public final class ManifestCheck {

  private ManifestCheck() {}

  public static void check(Manifest m, DeltaStore store) {
    String where = "Cannot ingest set '" + m.setId() + "': lineage manifest " + m.manifestFile() + ": ";
    if (!m.seedTable().matches("[a-z][a-z0-9_]*") || !store.exists(m.seedTable())) {
      throw SynthmixException.refused(where + "field 'seed.table' names '" + m.seedTable()
          + "', which is not a table of the warehouse " + store.root() + ". Nothing was written.");
    }
    long latest = store.version(m.seedTable()).orElseThrow();
    if (m.seedVersion() > latest) {
      throw SynthmixException.refused(where + "field 'seed.version' is " + m.seedVersion() + ", but " + m.seedTable()
          + " has versions 0.." + latest + " only. Nothing was written.");
    }
    if (m.depth() == 1 && !m.seedTable().equals(Documents.REAL_TABLE)) {
      throw SynthmixException.refused(where + "field 'depth' is 1 (made from real data) but 'seed.table' is "
          + m.seedTable() + "; a set made from a synthetic set has depth 2 or more. Nothing was written.");
    }
    if (m.depth() > 1) {
      if (!store.exists(Documents.SYNTHETIC_TABLE)) {
        throw SynthmixException.refused(where + "field 'parent-set' names '" + m.parentSet()
            + "', but no synthetic set has been ingested yet. Nothing was written.");
      }
      List<Row> parent = store.read(Documents.SYNTHETIC_TABLE)
          .where(col(LineageColumns.path(LineageColumns.SET_ID)).equalTo(m.parentSet()))
          .select(col(LineageColumns.path(LineageColumns.DEPTH))).distinct().collectAsList();
      if (parent.isEmpty()) {
        throw SynthmixException.refused(where + "field 'parent-set' names '" + m.parentSet()
            + "', which is not in docs_synthetic; ingest the parent set first. Nothing was written.");
      }
      int parentDepth = parent.get(0).getInt(0);
      if (parentDepth != m.depth() - 1) {
        throw SynthmixException.refused(where + "field 'depth' is " + m.depth() + " but parent set '" + m.parentSet()
            + "' has depth " + parentDepth + " (expected " + (m.depth() - 1) + "). Nothing was written.");
      }
    }
  }
}
