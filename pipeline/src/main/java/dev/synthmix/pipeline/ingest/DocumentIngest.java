package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.QuarantineTable;
import dev.synthmix.pipeline.schema.RawRecords;
import dev.synthmix.pipeline.schema.Scala;
import dev.synthmix.pipeline.text.LanguageId;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.run.RunLedger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validated records → a documents table and the quarantine. Each source's ingest is a full refresh
 * of that source: one Delta MERGE on {@code doc_id} inserts new documents, updates changed ones and
 * deletes the source's documents that the input no longer has (or that turned bad: they are in the
 * quarantine instead, never in both); the quarantine is refreshed the same way per source. Shared by
 * real and synthetic ingest; rerunning the same input commits nothing.
 *
 * <p>Change detection costs what the input costs: each incoming row's fingerprint is computed once
 * and compared with the {@code row_fingerprint} stored beside its key, so the table's texts are
 * neither read nor hashed unless something changed.
 */
public final class DocumentIngest {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentIngest.class);

  /** The setting that refuses a source most of whose records are quarantined. */
  public static final String MAX_QUARANTINED_SHARE = "synthmix.ingest.max-quarantined-share";

  private static final String STORED_ID = "_stored_id";
  private static final String STORED_FP = "_stored_fp";

  private DocumentIngest() {}

  /**
   * Reads every source, validates, and writes. A source more than {@code maxQuarantinedShare} of
   * whose records are quarantined is refused (see {@link IngestResult#throwIfRefused()}): its
   * quarantine rows are written, its documents are not, and its rows in the table stay as they were.
   *
   * @param limits longer or larger records are quarantined
   */
  public static IngestResult run(DeltaStore store, List<SourceSpec> sources, RecordLimits limits,
      double maxQuarantinedShare, LanguageId.Settings language, IngestTarget target, RunLedger ledger) {
    String table = target.table();
    if (sources.isEmpty()) {
      throw SynthmixException.usage(
          "Cannot ingest: no sources. Give --input <path>, or list sources under synthmix.ingest.sources");
    }
    if (store.exists(table)) {
      Documents.requireNamespaced(store.read(table).schema(), table);
    }
    refuseNamespacesOfTheOtherTable(store, table, sources);
    var hadoop = store.spark().sparkContext().hadoopConfiguration();
    List<InputFiles> files = new ArrayList<>();
    List<SourceSpec> pinned = new ArrayList<>();
    for (SourceSpec s : sources) {
      // All inputs exist before anything is written; a table source is pinned to one version.
      if (s.format() == Format.TABLE) {
        SourceSpec p = TableSource.pin(store.spark(), s);
        if (p.tableVersion() != null) {
          ledger.input(p.paths().get(0), p.tableVersion());
          LOG.info("source {}: table {} at version {}", p.name(), p.paths().get(0), p.tableVersion());
        }
        pinned.add(p);
        files.add(InputFiles.of(p.paths()));
      } else {
        pinned.add(s);
        files.add(InputFiles.check(s, hadoop));
      }
    }
    sources = pinned;
    Dataset<Row> raw = null;
    for (int i = 0; i < sources.size(); i++) {
      SourceSpec s = sources.get(i);
      Dataset<Row> one = SourceReader.of(s.format()).read(store.spark(), s, files.get(i), limits);
      if (s.defaultCategory() != null) {
        Column c = col(RawRecords.RAW_CATEGORY);
        one = one.withColumn(RawRecords.RAW_CATEGORY,
            when(c.isNull().or(trim(c).equalTo("")).and(col(RawRecords.ERROR).isNull()), lit(s.defaultCategory())).otherwise(c));
      }
      raw = raw == null ? one : raw.unionByName(one);
    }
    Dataset<Row> checked = RecordValidation.apply(raw, limits).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(store, sources, maxQuarantinedShare, language, target, ledger, checked);
    } finally {
      checked.unpersist();
    }
  }

  private static IngestResult write(DeltaStore store, List<SourceSpec> sources, double maxQuarantinedShare,
      LanguageId.Settings language,
      IngestTarget target, RunLedger ledger, Dataset<Row> checked) {
    String table = target.table();
    StructType schema = target.schema();
    String runId = ledger.context().runId();
    describe(store, "ingest " + table + ": validate and count");
    Map<String, long[]> readWritten = new TreeMap<>();
    for (Row r : checked.groupBy(RawRecords.SOURCE)
        .agg(count(lit(1)).as("read"),
            sum(when(col(RecordValidation.REASON).isNull(), 1).otherwise(0)).as("written"))
        .collectAsList()) {
      readWritten.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    Map<String, String> refusals = new TreeMap<>();
    for (SourceSpec s : sources) {
      long[] rw = readWritten.computeIfAbsent(s.name(), k -> new long[2]);
      if (rw[0] == 0) {
        long held = heldDocuments(store, table, s.name());
        if (held > 0) {
          // An empty or unmounted input would otherwise delete the whole source in one refresh.
          refusals.put(s.name(), "Cannot ingest source '" + s.name() + "': its input " + s.paths() + " has no records,"
              + " but " + table + " holds " + held + " of its documents; a refresh would remove them all, so nothing"
              + " of it was written. Check the input path. To retire the source on purpose, delete its rows:"
              + " sql \"DELETE FROM " + table + " WHERE source = '" + s.name() + "'\"");
        } else {
          LOG.warn("source {} has no records in {}", s.name(), s.paths());
        }
      } else if (rw[0] - rw[1] > maxQuarantinedShare * rw[0]) {
        refusals.put(s.name(), refusal(checked, s.name(), rw[0], rw[0] - rw[1], maxQuarantinedShare));
      }
    }
    List<String> accepted = sources.stream().map(SourceSpec::name).filter(n -> !refusals.containsKey(n)).toList();

    // Broadcast once per ingest: each executor parses the model once, whatever the task count.
    Broadcast<LanguageId.Model> model = language.enabled()
        ? JavaSparkContext.fromSparkContext(store.spark().sparkContext()).broadcast(LanguageId.Model.bundled())
        : null;
    Dataset<Row> docs =
        target.addColumns().apply(
            checked.where(col(RecordValidation.REASON).isNull().and(col(RawRecords.SOURCE).isin(accepted.toArray())))
                .select(
                    col(RecordValidation.DOC_ID).as(Documents.DOC_ID),
                    col(RawRecords.RAW_ID).as(Documents.INPUT_ID),
                    col(RawRecords.SOURCE).as(Documents.SOURCE),
                    trim(col(RawRecords.RAW_CATEGORY)).as(Documents.CATEGORY),
                    col(RawRecords.RAW_TEXT).as(Documents.TEXT),
                    col(RecordValidation.TEXT_HASH).as(Documents.TEXT_HASH),
                    LanguageId.column(col(RawRecords.RAW_TEXT), model, language).as(Documents.LANGUAGE),
                    col(RawRecords.FILE).as(Documents.SOURCE_FILE),
                    col(RawRecords.POSITION).as(Documents.SOURCE_POSITION),
                    col(RawRecords.EXTRA).as(Documents.EXTRA),
                    lit(runId).as(Documents.RUN_ID)));
    docs = docs.withColumn(Documents.ROW_FINGERPRINT, fingerprint(docs, schema));
    docs = docs.select(Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new));
    Dataset<Row> refused =
        checked.where(col(RecordValidation.REASON).isNotNull())
            .select(
                lit(table).as(QuarantineTable.TARGET_TABLE),
                col(RawRecords.SOURCE),
                col(RawRecords.FILE),
                col(RawRecords.POSITION),
                col(RawRecords.POSITION_KIND),
                col(RecordValidation.REASON).as(QuarantineTable.REASON),
                col(RawRecords.RAW_ID),
                coalesce(col(RawRecords.RAW), col(RawRecords.RAW_TEXT)).as(QuarantineTable.RAW),
                col(RawRecords.RAW_BYTES),
                lit(runId).as(QuarantineTable.RUN_ID));

    // Hashed once, read three times (counts, removals, MERGE).
    docs = docs.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return writeDocs(store, sources, target, ledger, refusals, readWritten, accepted, docs, refused);
    } finally {
      docs.unpersist();
      if (model != null) {
        // The model's copies (10 MB per executor) are of no use once the documents are written.
        model.destroy();
      }
    }
  }

  private static IngestResult writeDocs(DeltaStore store, List<SourceSpec> sources, IngestTarget target,
      RunLedger ledger, Map<String, String> refusals, Map<String, long[]> readWritten, List<String> accepted,
      Dataset<Row> docs, Dataset<Row> refused) {
    String table = target.table();
    store.create(table, target.schema(), target.properties(), ledger);
    // A table written before a column existed gains it (null in its old rows); the new rows'
    // fingerprints differ from the old ones, so this ingest rewrites them with the column filled.
    store.addMissingColumns(table, target.schema(), ledger);
    describe(store, "ingest " + table + ": compare with stored fingerprints");
    // Counted, not derived: each incoming row is new, changed or unchanged by its stored key and
    // fingerprint (two columns of the table, no text), and each stored row of a refreshed source
    // that the input lacks is removed; the sums are then checked against what Delta's MERGE reports,
    // so a lost or doubled row cannot hide in a difference.
    Column refreshed = col(Documents.SOURCE).isin(accepted.toArray());
    Dataset<Row> stored = store.read(table).where(refreshed)
        .select(col(Documents.DOC_ID).as(STORED_ID), col(Documents.ROW_FINGERPRINT).as(STORED_FP));
    Map<String, long[]> changes = new TreeMap<>();
    for (Row r : docs.select(Documents.DOC_ID, Documents.SOURCE, Documents.ROW_FINGERPRINT)
        .join(stored, col(Documents.DOC_ID).equalTo(col(STORED_ID)), "left")
        .groupBy(Documents.SOURCE)
        .agg(sum(when(col(STORED_ID).isNull(), 1).otherwise(0)),
            sum(when(col(STORED_ID).isNotNull().and(col(STORED_FP).notEqual(col(Documents.ROW_FINGERPRINT))), 1).otherwise(0)),
            sum(when(col(STORED_FP).equalTo(col(Documents.ROW_FINGERPRINT)), 1).otherwise(0)))
        .collectAsList()) {
      changes.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3), 0});
    }
    for (Row r : store.read(table).where(refreshed).select(Documents.DOC_ID, Documents.SOURCE)
        .join(docs.select(col(Documents.DOC_ID).as(STORED_ID)), col(Documents.DOC_ID).equalTo(col(STORED_ID)), "left_anti")
        .groupBy(Documents.SOURCE).count().collectAsList()) {
      changes.computeIfAbsent(r.getString(0), k -> new long[4])[3] = r.getLong(1);
    }
    List<IngestResult.SourceCounts> counts = new ArrayList<>();
    for (SourceSpec s : sources) {
      long[] rw = readWritten.get(s.name());
      long[] c = refusals.containsKey(s.name()) ? new long[4] : changes.getOrDefault(s.name(), new long[4]);
      counts.add(new IngestResult.SourceCounts(s.name(), rw[0], rw[1], rw[0] - rw[1], c[0], c[1], c[2], c[3],
          refusals.get(s.name())));
    }
    long inserted = counts.stream().mapToLong(IngestResult.SourceCounts::inserted).sum();
    long updated = counts.stream().mapToLong(IngestResult.SourceCounts::updated).sum();
    long removed = counts.stream().mapToLong(IngestResult.SourceCounts::removed).sum();

    Map<String, Object> metadata = new LinkedHashMap<>(target.commitMetadata());
    metadata.put("operation", "ingest");
    metadata.put("sources", accepted);
    long version;
    // Nothing is committed when nothing changed: rerunning the same input leaves the table at the
    // same version, so versions recorded elsewhere (e.g. a synthetic set's seed version) stay true.
    if (inserted + updated + removed == 0) {
      version = store.version(table).orElseThrow();
      LOG.info("ingest {}: no new, changed or removed documents; table stays at version {}", table, version);
    } else {
      describe(store, "ingest " + table + ": merge documents");
      version = store.merge(table, docs, List.of(Documents.DOC_ID),
          col("t." + Documents.ROW_FINGERPRINT).notEqual(col("s." + Documents.ROW_FINGERPRINT)),
          col("t." + Documents.SOURCE).isin(accepted.toArray()), ledger, metadata);
      Map<String, String> m = store.operationMetrics(table, version);
      long deltaInserted = Long.parseLong(m.getOrDefault("numTargetRowsInserted", "0"));
      long deltaUpdated = Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0"));
      long deltaDeleted = Long.parseLong(m.getOrDefault("numTargetRowsDeleted", "0"));
      if (deltaInserted != inserted || deltaUpdated != updated || deltaDeleted != removed) {
        throw new SynthmixException(ExitCode.FAILURE, "Counts do not reconcile: counted inserted " + inserted
            + ", updated " + updated + ", removed " + removed + " but the MERGE of " + table + " version " + version
            + " reports " + deltaInserted + ", " + deltaUpdated + ", " + deltaDeleted
            + " (another run writing these sources at once? Rerun; otherwise a bug: please report)");
      }
    }

    refreshQuarantine(store, table, sources, refused, ledger);
    IngestResult result = new IngestResult(counts, version);
    for (IngestResult.SourceCounts c : result.sources()) {
      if (!c.refused() && c.read() != c.inserted() + c.updated() + c.unchanged() + c.quarantined()) {
        throw new SynthmixException(ExitCode.FAILURE, "Counts do not reconcile for source " + c.source() + ": read "
            + c.read() + ", inserted " + c.inserted() + ", updated " + c.updated() + ", unchanged " + c.unchanged()
            + ", quarantined " + c.quarantined() + " (a bug: please report)");
      }
      String prefix = "ingest." + c.source() + ".";
      ledger.count(prefix + "read", c.read());
      ledger.count(prefix + "written", c.refused() ? 0 : c.written());
      ledger.count(prefix + "quarantined", c.quarantined());
      ledger.count(prefix + "removed", c.removed());
      if (c.refused()) {
        LOG.warn("ingest {} source {} refused: read {} = accepted {} + quarantined {}; nothing written but the"
            + " quarantine", table, c.source(), c.read(), c.written(), c.quarantined());
      } else {
        LOG.info("ingest {} source {}: read {} = inserted {} + updated {} + unchanged {} + quarantined {}; removed {}",
            table, c.source(), c.read(), c.inserted(), c.updated(), c.unchanged(), c.quarantined(), c.removed());
      }
    }
    ledger.count("ingest.read", result.read());
    ledger.count("ingest.written", result.written());
    ledger.count("ingest.quarantined", result.quarantined());
    ledger.count("ingest.inserted", inserted);
    ledger.count("ingest.updated", updated);
    ledger.count("ingest.unchanged", result.unchanged());
    ledger.count("ingest.removed", removed);
    return result;
  }

  /**
   * The quarantine holds each source's current refusals: this run's are inserted, and those of the
   * same sources that the input no longer refuses (fixed, or gone) are deleted, in one MERGE that
   * is skipped when it would change nothing.
   */
  private static void refreshQuarantine(DeltaStore store, String table, List<SourceSpec> sources, Dataset<Row> refused,
      RunLedger ledger) {
    store.create(QuarantineTable.TABLE, QuarantineTable.SCHEMA, Map.of(
        "synthmix.description", "records refused by ingest, with file, position, reason and run"), ledger);
    List<String> keys =
        List.of(QuarantineTable.TARGET_TABLE, QuarantineTable.SOURCE, QuarantineTable.FILE, QuarantineTable.POSITION);
    Object[] names = sources.stream().map(SourceSpec::name).toArray();
    Column mine = col(QuarantineTable.TARGET_TABLE).equalTo(table).and(col(QuarantineTable.SOURCE).isin(names));
    Dataset<Row> storedKeys = store.read(QuarantineTable.TABLE).where(mine).select(keys.stream().map(functions::col)
        .toArray(Column[]::new));
    Dataset<Row> newKeys = refused.select(keys.stream().map(functions::col).toArray(Column[]::new));
    describe(store, "ingest " + table + ": quarantine");
    long toInsert = newKeys.join(storedKeys, scala(keys), "left_anti").count();
    long toDelete = storedKeys.join(newKeys, scala(keys), "left_anti").count();
    if (toInsert + toDelete == 0) {
      return;
    }
    store.merge(QuarantineTable.TABLE, refused, keys, null,
        col("t." + QuarantineTable.TARGET_TABLE).equalTo(table).and(col("t." + QuarantineTable.SOURCE).isin(names)),
        ledger, Map.of("operation", "quarantine", "for_table", table));
    LOG.info("ingest {}: quarantine +{} records, -{} no longer refused", table, toInsert, toDelete);
  }

  private static scala.collection.Seq<String> scala(List<String> cols) {
    return Scala.seq(cols);
  }

  /** Why a source is refused: its share, its three most frequent reasons, and what to change. */
  private static long heldDocuments(DeltaStore store, String table, String source) {
    return store.exists(table) ? store.read(table).where(col(Documents.SOURCE).equalTo(source)).count() : 0;
  }

  private static String refusal(Dataset<Row> checked, String source, long read, long quarantined, double max) {
    StringBuilder top = new StringBuilder();
    for (Row r : checked.where(col(RawRecords.SOURCE).equalTo(source).and(col(RecordValidation.REASON).isNotNull()))
        .groupBy(RecordValidation.REASON).count()
        .orderBy(functions.desc("count"), col(RecordValidation.REASON)).limit(3).collectAsList()) {
      top.append("\n  ").append(r.getLong(1)).append(" × ").append(r.getString(0));
    }
    return String.format(Locale.ROOT, "Cannot ingest source '%s': %d of %d records (%.0f%%) were quarantined, more"
        + " than %s = %s. Most frequent reasons:%s%nFix the input or the source's field mapping (fields.id/text/"
        + "category, default-category; on the command line --field category=<name>, --default-category <c>), or"
        + " raise %s. Its documents were not written; its refused records are in the quarantine table.",
        source, quarantined, read, 100.0 * quarantined / read, MAX_QUARANTINED_SHARE, max, top, MAX_QUARANTINED_SHARE);
  }

  /**
   * A real source and a synthetic set may not share a name: doc_id keys are namespaced by it, so
   * they would collide across the two tables.
   */
  private static void refuseNamespacesOfTheOtherTable(DeltaStore store, String table, List<SourceSpec> sources) {
    String other = table.equals(Documents.REAL_TABLE) ? Documents.SYNTHETIC_TABLE : Documents.REAL_TABLE;
    if (!store.exists(other)) {
      return;
    }
    Object[] names = sources.stream().map(SourceSpec::name).toArray();
    List<Row> clash = store.read(other).select(Documents.SOURCE).where(col(Documents.SOURCE).isin(names))
        .distinct().limit(1).collectAsList();
    if (!clash.isEmpty()) {
      throw SynthmixException.refused("Cannot ingest '" + clash.get(0).getString(0) + "' into " + table + ": "
          + other + " already holds documents under that name, and doc_id is '<name>:<id>' across the warehouse."
          + " Give the source (--source) or set (set-id) another name. Nothing was written.");
    }
  }

  /** A row's content, all but the run that wrote it: two rows with equal fingerprints are the same. */
  static Column fingerprint(Dataset<Row> rows, StructType schema) {
    Column[] content = Arrays.stream(schema.fieldNames())
        .filter(f -> !f.equals(Documents.RUN_ID) && !f.equals(Documents.ROW_FINGERPRINT))
        .map(rows::col).toArray(Column[]::new);
    // Maps cannot be compared in Spark, so rows are compared as JSON (map entries keep their order).
    return functions.sha2(functions.to_json(functions.struct(content)), 256);
  }

  /** Names the Spark jobs that follow, for the UI and the console progress bar. */
  private static void describe(DeltaStore store, String what) {
    store.spark().sparkContext().setJobDescription(what);
  }
}
