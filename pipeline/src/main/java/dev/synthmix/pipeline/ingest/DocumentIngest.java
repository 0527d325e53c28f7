package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
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
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.text.ContentHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validated records → a documents table (upsert on {@code doc_id}) and the quarantine (insert of
 * records not yet quarantined). Shared by real and synthetic ingest; rerunning the same input
 * changes no table contents.
 */
public final class DocumentIngest {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentIngest.class);

  private static final UDF1<String, String> HASH = ContentHash::of;

  private DocumentIngest() {}

  /**
   * Reads every source, validates, and writes.
   *
   * @param limits longer or larger records are quarantined
   */
  public static IngestResult run(
      DeltaStore store, List<SourceSpec> sources, RecordLimits limits, IngestTarget target, RunLedger ledger) {
    String table = target.table();
    if (sources.isEmpty()) {
      throw SynthmixException.usage(
          "Cannot ingest: no sources. Give --input <path>, or list sources under synthmix.ingest.sources");
    }
    var hadoop = store.spark().sparkContext().hadoopConfiguration();
    List<InputFiles> files = new ArrayList<>();
    for (SourceSpec s : sources) {
      files.add(InputFiles.check(s, hadoop)); // all inputs exist before anything is written
    }
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
    Dataset<Row> checked = RecordValidation.apply(raw, limits);
    checked = refuseIdsOfOtherSources(store, target.table(), checked);
    checked = checked.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(store, sources, target, ledger, checked);
    } finally {
      checked.unpersist();
    }
  }

  private static IngestResult write(DeltaStore store, List<SourceSpec> sources, IngestTarget target, RunLedger ledger,
      Dataset<Row> checked) {
    String table = target.table();
    StructType schema = target.schema();
    String runId = ledger.context().runId();
    List<IngestResult.SourceCounts> counts = new ArrayList<>();
    store.spark().sparkContext().setJobDescription("ingest " + table + ": validate and count");
    for (Row r : checked.groupBy(RawRecords.SOURCE)
        .agg(count(lit(1)).as("read"),
            sum(when(col(RecordValidation.REASON).isNull(), 1).otherwise(0)).as("written"))
        .orderBy(RawRecords.SOURCE).collectAsList()) {
      long read = r.getLong(1);
      long written = r.getLong(2);
      counts.add(new IngestResult.SourceCounts(r.getString(0), read, written, read - written));
    }
    for (SourceSpec s : sources) {
      if (counts.stream().noneMatch(c -> c.source().equals(s.name()))) {
        counts.add(new IngestResult.SourceCounts(s.name(), 0, 0, 0));
        LOG.warn("source {} has no records in {}", s.name(), s.paths());
      }
    }
    Dataset<Row> docs =
        target.addColumns().apply(
            checked.where(col(RecordValidation.REASON).isNull())
                .select(
                    col(RecordValidation.DOC_ID).as(Documents.DOC_ID),
                    col(RawRecords.SOURCE).as(Documents.SOURCE),
                    trim(col(RawRecords.RAW_CATEGORY)).as(Documents.CATEGORY),
                    col(RawRecords.RAW_TEXT).as(Documents.TEXT),
                    functions.udf(HASH, DataTypes.StringType).apply(col(RawRecords.RAW_TEXT)).as(Documents.TEXT_HASH),
                    col(RawRecords.FILE).as(Documents.SOURCE_FILE),
                    col(RawRecords.POSITION).as(Documents.SOURCE_POSITION),
                    col(RawRecords.EXTRA).as(Documents.EXTRA),
                    lit(runId).as(Documents.RUN_ID)));
    docs = docs.select(schema.fieldNames()[0], java.util.Arrays.copyOfRange(schema.fieldNames(), 1, schema.fieldNames().length));
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

    store.create(table, schema, target.properties(), ledger);
    store.spark().sparkContext().setJobDescription("ingest " + table + ": merge documents");
    Map<String, Object> metadata = new java.util.LinkedHashMap<>(target.commitMetadata());
    metadata.put("operation", "ingest");
    metadata.put("sources", sources.stream().map(SourceSpec::name).toList());
    // Only new or changed rows are merged, and nothing is committed when there are none: rerunning
    // the same input leaves the table at the same version, so versions recorded elsewhere (e.g. a
    // synthetic set's seed version) stay true.
    Dataset<Row> current = store.read(table);
    Dataset<Row> changed = docs.join(
            current.select(col(Documents.DOC_ID).as("_cur_id"), fingerprint(current, schema).as("_cur_fp")),
            col(Documents.DOC_ID).equalTo(col("_cur_id")).and(fingerprint(docs, schema).equalTo(col("_cur_fp"))),
            "left_anti");
    long version;
    Map<String, String> m;
    // Counted, not derived: written = inserted + updated + unchanged is then checked against what
    // Delta's MERGE reports, so a lost or doubled row cannot hide in the difference.
    long changedRows = changed.count();
    long unchanged = counts.stream().mapToLong(IngestResult.SourceCounts::written).sum() - changedRows;
    if (changedRows == 0) {
      version = store.version(table).orElseThrow();
      m = Map.of();
      LOG.info("ingest {}: no new or changed documents; table stays at version {}", table, version);
    } else {
      version = store.merge(table, changed, List.of(Documents.DOC_ID), lit(true), ledger, metadata);
      m = store.history(table).where(col("version").equalTo(version)).select("operationMetrics").first().getJavaMap(0);
    }
    long inserted = Long.parseLong(m.getOrDefault("numTargetRowsInserted", "0"));
    long updated = Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0"));

    long quarantined = counts.stream().mapToLong(IngestResult.SourceCounts::quarantined).sum();
    store.create(QuarantineTable.TABLE, QuarantineTable.SCHEMA, Map.of(
        "synthmix.description", "records refused by ingest, with file, position, reason and run"), ledger);
    if (quarantined > 0) {
      store.spark().sparkContext().setJobDescription("ingest " + table + ": quarantine");
      store.merge(QuarantineTable.TABLE, refused,
          List.of(QuarantineTable.TARGET_TABLE, QuarantineTable.SOURCE, QuarantineTable.FILE, QuarantineTable.POSITION),
          null, ledger, Map.of("operation", "quarantine", "for_table", table));
    }
    IngestResult result = new IngestResult(counts, inserted, updated, unchanged, version);
    if (result.read() != result.written() + result.quarantined()
        || result.written() != inserted + updated + unchanged) {
      throw new SynthmixException(ExitCode.FAILURE, "Counts do not reconcile: read " + result.read()
          + ", written " + result.written() + " (inserted " + inserted + ", updated " + updated + ", unchanged "
          + unchanged + "), quarantined " + result.quarantined() + " (a bug: please report)");
    }
    for (IngestResult.SourceCounts c : result.sources()) {
      ledger.count("ingest." + c.source() + ".read", c.read());
      ledger.count("ingest." + c.source() + ".written", c.written());
      ledger.count("ingest." + c.source() + ".quarantined", c.quarantined());
      LOG.info("ingest {} source {}: read {} = written {} + quarantined {}", table, c.source(), c.read(), c.written(),
          c.quarantined());
    }
    ledger.count("ingest.read", result.read());
    ledger.count("ingest.written", result.written());
    ledger.count("ingest.quarantined", result.quarantined());
    ledger.count("ingest.inserted", inserted);
    ledger.count("ingest.updated", updated);
    ledger.count("ingest.unchanged", unchanged);
    return result;
  }

  /** A row's content, all but the run that wrote it: two rows with equal fingerprints are the same. */
  static Column fingerprint(Dataset<Row> rows, StructType schema) {
    Column[] content = java.util.Arrays.stream(schema.fieldNames()).filter(f -> !f.equals(Documents.RUN_ID))
        .map(rows::col).toArray(Column[]::new);
    // Maps cannot be compared in Spark, so rows are compared as JSON (map entries keep their order).
    return functions.sha2(functions.to_json(functions.struct(content)), 256);
  }

  /**
   * A doc_id that the table already holds from another source is refused: ids stay unique across
   * the table, and a second corpus cannot silently overwrite the first one's documents.
   */
  private static Dataset<Row> refuseIdsOfOtherSources(DeltaStore store, String table, Dataset<Row> checked) {
    if (!store.exists(table)) {
      return checked;
    }
    Dataset<Row> existing = store.read(table).select(
        col(Documents.DOC_ID).as("_existing_id"), col(Documents.SOURCE).as("_existing_source"));
    Dataset<Row> joined = checked.join(existing,
        col(RecordValidation.DOC_ID).equalTo(col("_existing_id")), "left");
    Column conflict = col("_existing_source").isNotNull().and(col("_existing_source").notEqual(col(RawRecords.SOURCE)));
    return joined
        .withColumn(RecordValidation.REASON,
            when(conflict, concat(lit("duplicate id '"), col(RecordValidation.DOC_ID),
                lit("' across sources: already ingested from source '"), col("_existing_source"), lit("'")))
                .otherwise(col(RecordValidation.REASON)))
        .withColumn(RecordValidation.DOC_ID, when(conflict, lit(null).cast("string")).otherwise(col(RecordValidation.DOC_ID)))
        .drop("_existing_id", "_existing_source");
  }
}
