package dev.synthmix.pipeline.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every Delta table under the warehouse reachable by name in this session (e.g.
 * {@code docs_real}, {@code docs_real VERSION AS OF 3}) by registering it as an external table of
 * the session catalog. Nothing is written to the tables.
 */
public final class WarehouseCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseCatalog.class);

  private WarehouseCatalog() {}

  /** Registers the warehouse's tables; returns their names. */
  public static List<String> register(DeltaStore store) {
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
          TableIdentifier id = new TableIdentifier(name);
          if (!store.spark().sessionState().catalog().tableExists(id)) {
            store.spark().catalog().createTable(name, store.path(name), "delta");
          }
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list warehouse " + store.root() + ": " + e.getMessage(), e);
    }
    return names;
  }
}
