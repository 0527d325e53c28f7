package dev.synthmix.pipeline.maintain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.store.DeltaStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every table version the warehouse points at: the seed versions in {@code docs_synthetic}'s
 * lineage (from the manifests), the input and output versions of each {@code runs} row, and those
 * a report's data card names ({@code <reports>/<date>/datacard.json}).
 */
public final class VersionReferences {

  private static final Logger LOG = LoggerFactory.getLogger(VersionReferences.class);

  /** The data card's run section, as {@code report/DataCard} writes it. */
  static final String CARD_RUN = "prov:wasGeneratedBy";

  static final String CARD_FILE = "datacard.json";

  private VersionReferences() {}

  /** All references; {@code reportsFolder} is the folder holding one folder per report date. */
  public static List<VersionReference> collect(DeltaStore store, String reportsFolder) {
    List<VersionReference> out = new ArrayList<>();
    out.addAll(manifests(store));
    out.addAll(runs(store));
    out.addAll(reports(store, reportsFolder));
    return out;
  }

  static List<VersionReference> manifests(DeltaStore store) {
    if (!store.exists(Documents.SYNTHETIC_TABLE)) {
      return List.of();
    }
    return store.read(Documents.SYNTHETIC_TABLE)
        .select(col(LineageColumns.path(LineageColumns.SEED_TABLE)), col(LineageColumns.path(LineageColumns.SEED_VERSION)),
            col(LineageColumns.path(LineageColumns.SET_ID)))
        .distinct().collectAsList().stream()
        .filter(r -> !r.anyNull())
        .map(r -> new VersionReference(r.getString(0), r.getLong(1), "the lineage of set " + r.getString(2)))
        .toList();
  }

  static List<VersionReference> runs(DeltaStore store) {
    if (!store.exists(Runs.TABLE)) {
      return List.of();
    }
    var runs = store.read(Runs.TABLE);
    var inputs = runs.select(col(Runs.RUN_ID), lit("input").as("side"), explode(col(Runs.INPUT_VERSIONS)));
    var outputs = runs.select(col(Runs.RUN_ID), lit("output").as("side"), explode(col(Runs.OUTPUT_VERSIONS)));
    List<VersionReference> out = new ArrayList<>();
    for (Row r : inputs.unionAll(outputs).collectAsList()) {
      if (!r.isNullAt(3)) {
        out.add(new VersionReference(r.getString(2), r.getLong(3), "runs row " + r.getString(0) + " (" + r.getString(1) + ")"));
      }
    }
    return out;
  }

  static List<VersionReference> reports(DeltaStore store, String reportsFolder) {
    List<VersionReference> out = new ArrayList<>();
    Path pattern = new Path(reportsFolder, "*/" + CARD_FILE);
    ObjectMapper json = new ObjectMapper();
    try {
      FileSystem fs = pattern.getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      FileStatus[] cards = fs.globStatus(pattern);
      for (FileStatus card : cards == null ? new FileStatus[0] : cards) {
        String date = card.getPath().getParent().getName();
        JsonNode run;
        try (InputStream in = fs.open(card.getPath())) {
          run = json.readTree(in).path(CARD_RUN);
        } catch (IOException e) {
          // A report that cannot be read pins nothing; say so, since its versions may then go.
          LOG.warn("Cannot read the data card {}: {}; its table versions are not protected", card.getPath(), e.getMessage());
          continue;
        }
        for (String side : List.of("input_versions", "output_versions")) {
          run.path(side).fields().forEachRemaining(e -> {
            if (e.getValue().canConvertToLong()) {
              out.add(new VersionReference(e.getKey(), e.getValue().asLong(), "report " + date + " (" + side + ")"));
            }
          });
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list the reports under " + reportsFolder + ": " + e.getMessage(), e);
    }
    return out;
  }
}
