package dev.synthmix.pipeline.ingest;

import java.util.List;

/**
 * What one ingest did, per source: records read, written (accepted: inserted, updated or
 * unchanged) and quarantined. {@code read == written + quarantined} always holds.
 */
public record IngestResult(List<SourceCounts> sources, long inserted, long updated, long tableVersion) {

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

  public long unchanged() {
    return written() - inserted - updated;
  }
}
