package dev.synthmix.pipeline.ingest;

import java.util.List;

/**
 * What one ingest did, per source: records read, written (accepted: inserted, updated or
 * unchanged) and quarantined. Both {@code read == written + quarantined} and {@code written ==
 * inserted + updated + unchanged} hold, each side counted separately (the ingest checks them).
 * A repeated id within the input is quarantined, so it counts once as written and then as
 * quarantined; {@code unchanged} counts accepted records whose row the table already held as is.
 */
public record IngestResult(
    List<SourceCounts> sources, long inserted, long updated, long unchanged, long tableVersion) {

  /** Counts of one source. */
  public record SourceCounts(String source, long read, long written, long quarantined) {}

  public long read() {
    return sources.stream().mapToLong(SourceCounts::read).sum();
  }

  public long written() {
    return sources.stream().mapToLong(SourceCounts::written).sum();
  }

  public long quarantined() {
    return sources.stream().mapToLong(SourceCounts::quarantined).sum();
  }
}
