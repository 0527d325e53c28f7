package dev.synthmix.pipeline.store;

import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Makes every Delta table under the warehouse reachable by name (e.g. {@code synthmix.docs_real},
 * or {@code docs_real} once the database is current, with {@code VERSION AS OF n}) by registering
 * it as an external table of the session catalog: in memory for a plain local session, persistent
 * in the metastore when the session uses Hive ({@code spark.sql.catalogImplementation=hive}), so
 * {@code spark-sql}, a Thrift server or a notebook on the same metastore can read the tables.
 * Nothing is written to the tables; a name the catalog already holds for another location is an
 * error, never silently re-pointed.
 */
public final class WarehouseCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseCatalog.class);

  private WarehouseCatalog() {}

  /**
   * Registers the warehouse's tables in {@code database} (created when missing), makes it the
   * current database, and returns the table names.
   */
  public static List<String> register(DeltaStore store, String database) {
    List<String> names = tables(store);
    SessionCatalog catalog = store.spark().sessionState().catalog();
    if (!catalog.databaseExists(database)) {
      store.spark().sql("CREATE DATABASE IF NOT EXISTS `" + database + "`");
    }
    int added = 0;
    for (String name : names) {
      TableIdentifier id = new TableIdentifier(name, Option.apply(database));
      String location = store.path(name);
      if (catalog.tableExists(id)) {
        URI existing = locationOf(catalog, id);
        if (!sameLocation(existing, location)) {
          throw SynthmixException.usage("Cannot register " + database + "." + name + ": the catalog already has it at "
              + existing + ", not " + location + ". Drop it (DROP TABLE " + database + "." + name
              + ") or set synthmix.catalog.database to another database");
        }
        continue;
      }
      store.spark().catalog().createTable(database + "." + name, location, "delta");
      added++;
    }
    store.spark().catalog().setCurrentDatabase(database);
    if (added > 0) {
      LOG.info("catalog: registered {} new table(s) in database {} ({} in all)", added, database, names.size());
    }
    return names;
  }

  private static URI locationOf(SessionCatalog catalog, TableIdentifier id) {
    try {
      return catalog.getTableMetadata(id).location();
    } catch (Exception e) {
      // Scala's NoSuchTableException is checked for javac; the table was seen a moment ago.
      throw new IllegalStateException("Cannot read the catalog entry of " + id + ": " + e.getMessage(), e);
    }
  }

  private static List<String> tables(DeltaStore store) {
    List<String> names = new ArrayList<>();
    Path root = new Path(store.root());
    try {
      FileSystem fs = root.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        LOG.warn("warehouse {} does not exist yet: no tables to register", store.root());
        return names;
      }
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.matches("[a-z][a-z0-9_]*") && fs.exists(new Path(s.getPath(), "_delta_log"))) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list warehouse " + store.root() + ": " + e.getMessage(), e);
    }
    names.sort(String::compareTo);
    return names;
  }

  /** file:/x, file:///x and /x are one location; other schemes compare as URIs. */
  private static boolean sameLocation(URI existing, String location) {
    return normal(existing.toString()).equals(normal(location));
  }

  private static String normal(String uri) {
    String u = uri.replaceFirst("^file:///", "file:/");
    if (u.startsWith("/")) {
      u = "file:" + u;
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
