package dev.synthmix.pipeline.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.Runs;
import dev.synthmix.pipeline.store.DatedOutputs;
import dev.synthmix.pipeline.store.DeltaStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * The document table versions an audit reads: the latest ones, or for a backfill those that were
 * current at the end of the run date, so that a date's metrics describe that date's data.
 *
 * <p>A backfill takes the versions from the {@code runs} ledger when an earlier run audited that
 * date (its recorded {@code input_versions}: exact, and independent of commit clocks), else the
 * last versions committed before the next day began (UTC), by Delta commit timestamp.
 *
 * @param real the docs_real version, empty for the latest
 * @param synthetic the docs_synthetic version, empty for the latest; ignored when {@code
 *     noSynthetic}
 * @param noSynthetic docs_synthetic did not exist yet at the time asked for
 * @param source how the versions were chosen, for logs and the run's summary
 */
public record AuditInputs(Optional<Long> real, Optional<Long> synthetic, boolean noSynthetic, String source) {

  /** The latest versions: a run for today. */
  public static AuditInputs latest() {
    return new AuditInputs(Optional.empty(), Optional.empty(), false, "latest versions");
  }

  /** Pinned versions ({@code synthetic} null: no docs_synthetic). */
  public static AuditInputs pinned(long real, Long synthetic, String source) {
    return new AuditInputs(Optional.of(real), Optional.ofNullable(synthetic), synthetic == null, source);
  }

  /** True when this reads the latest versions. */
  public boolean isLatest() {
    return real.isEmpty();
  }

  /**
   * Whether a run for {@code date} is a backfill: a date before {@code today}, or before the latest
   * date already audited in the warehouse.
   */
  public static boolean isBackfill(DeltaStore store, LocalDate date, LocalDate today) {
    if (date.isBefore(today)) {
      return true;
    }
    return latestAuditedDate(store).map(date::isBefore).orElse(false);
  }

  /** The latest run date with metrics in {@code run_metrics}. */
  public static Optional<LocalDate> latestAuditedDate(DeltaStore store) {
    if (!store.exists(Audit.RUN_METRICS)) {
      return Optional.empty();
    }
    Row r = store.read(Audit.RUN_METRICS).agg(max(col(DatedOutputs.RUN_DATE))).first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
  }

  /**
   * The versions current at the end of {@code date}: the ledger's of the latest run that audited
   * the date, else those by commit time. Refuses (exit 2) when docs_real had no version by then.
   */
  public static AuditInputs asOf(DeltaStore store, LocalDate date) {
    Optional<AuditInputs> recorded = fromLedger(store, date);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return atInstant(store, end, "versions committed before the end of " + date + " (UTC)");
  }

  /** The input versions recorded by the latest run (ok or gate-failed) that audited {@code date}. */
  static Optional<AuditInputs> fromLedger(DeltaStore store, LocalDate date) {
    if (!store.exists(Runs.TABLE)) {
      return Optional.empty();
    }
    List<Row> rows = store.read(Runs.TABLE)
        .where(col(Runs.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(date)))
            .and(col(Runs.STATUS).isin("ok", "gate-failed"))
            // Only audits count "audit.metrics"; an ingest run's input versions are not an audit's.
            .and(element_at(col(Runs.COUNTS), lit("audit.metrics")).isNotNull())
            .and(element_at(col(Runs.INPUT_VERSIONS), lit(Documents.REAL_TABLE)).isNotNull()))
        .orderBy(col(Runs.ENDED_AT).desc())
        .limit(1)
        .collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row r = rows.get(0);
    Map<String, Long> versions = r.getJavaMap(r.fieldIndex(Runs.INPUT_VERSIONS));
    return Optional.of(pinned(versions.get(Documents.REAL_TABLE), versions.get(Documents.SYNTHETIC_TABLE),
        "versions recorded by run " + r.getAs(Runs.RUN_ID)));
  }

  /** The last versions committed before {@code end}; refuses (exit 2) when docs_real had none. */
  public static AuditInputs atInstant(DeltaStore store, Instant end, String source) {
    Optional<Long> real = versionBefore(store, Documents.REAL_TABLE, end);
    if (real.isEmpty()) {
      throw SynthmixException.usage("Cannot audit as of " + end + ": docs_real had no version committed before then,"
          + " so there is no data of that date to audit (and a backfill does not ingest today's sources into it)."
          + " Run it for a later date, or without --date for today");
    }
    Optional<Long> synthetic = versionBefore(store, Documents.SYNTHETIC_TABLE, end);
    return pinned(real.get(), synthetic.orElse(null), source);
  }

  private static Optional<Long> versionBefore(DeltaStore store, String table, Instant end) {
    if (!store.exists(table)) {
      return Optional.empty();
    }
    Row r = store.history(table).where(col("timestamp").lt(lit(Timestamp.from(end)))).agg(max(col("version"))).first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getLong(0));
  }
}
