package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a {@link Format#TABLE} source before anything is written and pins the Delta version it
 * will read, so the run reads one snapshot and records which.
 */
public final class TableSource {

  private TableSource() {}

  /** A path or URI (a Delta table by path), not a catalog name. */
  static boolean isPath(String table) {
    return table.contains("/") || table.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
  }

  /** {@code <table>@v<version>}, or the name alone for a table without versions. */
  static String label(SourceSpec spec) {
    String t = spec.paths().get(0);
    return spec.tableVersion() == null ? t : t + "@v" + spec.tableVersion();
  }

  /**
   * The source with its version fixed: the given one, checked to exist, or the latest. A catalog
   * table that is not Delta is read as it is (no version; giving one is refused).
   */
  public static SourceSpec pin(SparkSession spark, SourceSpec spec) {
    if (spec.paths().size() != 1) {
      throw SynthmixException.usage("Cannot read source '" + spec.name() + "': a table source names one table, not "
          + spec.paths());
    }
    String table = spec.paths().get(0);
    DeltaTable delta = delta(spark, table);
    if (delta == null) {
      if (spec.tableVersion() != null) {
        throw SynthmixException.refused("Cannot read source '" + spec.name() + "' at version " + spec.tableVersion()
            + ": " + table + " is not a Delta table, so it has no versions. Nothing was written.");
      }
      return spec;
    }
    List<Row> history = delta.history().select("version").orderBy("version").collectAsList();
    long earliest = history.get(0).getLong(0);
    long latest = history.get(history.size() - 1).getLong(0);
    Long version = spec.tableVersion() == null ? latest : spec.tableVersion();
    if (version < earliest || version > latest) {
      throw SynthmixException.refused("Cannot read source '" + spec.name() + "': " + table + " has no version "
          + version + " (versions " + earliest + " to " + latest + " are in its log). Nothing was written.");
    }
    return new SourceSpec(spec.name(), spec.format(), spec.paths(), spec.idField(), spec.textField(),
        spec.categoryField(), spec.extraColumns(), spec.defaultCategory(), spec.csvHeader(), spec.csvDelimiter(),
        spec.textSeparator(), version);
  }

  private static DeltaTable delta(SparkSession spark, String table) {
    try {
      if (isPath(table)) {
        if (!DeltaTable.isDeltaTable(spark, table)) {
          throw SynthmixException.refused("Cannot read table " + table + ": there is no Delta table at that path."
              + " Nothing was written.");
        }
        return DeltaTable.forPath(spark, table);
      }
      if (!spark.catalog().tableExists(table)) {
        throw SynthmixException.refused("Cannot read table " + table + ": the catalog has no such table (current"
            + " database: " + spark.catalog().currentDatabase() + "). Nothing was written.");
      }
      return DeltaTable.forName(spark, table);
    } catch (SynthmixException e) {
      throw e;
    } catch (Exception e) {
      // forName throws for a catalog table that is not Delta (a Parquet or Hive table).
      return null;
    }
  }
}
