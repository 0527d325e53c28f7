package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What one ingest did, per source: records read, accepted ({@code written}: inserted, updated or
 * unchanged) and quarantined, and rows removed because the source no longer has them (a source's
 * ingest is a full refresh of that source). For a source that was written, {@code read == inserted +
 * updated + unchanged + quarantined}; each side is counted separately and the ingest checks the sum
 * against what Delta's MERGE reports. A repeated id within a source is quarantined, so it counts
 * once as written and then as quarantined.
 *
 * <p>A refused source (too many of its records quarantined) has {@code refusal} set: its accepted
 * records were not written (inserted, updated, unchanged and removed are 0), its quarantine rows
 * were.
 */
public record IngestResult(List<SourceCounts> sources, long tableVersion) {

  public IngestResult {
    sources = List.copyOf(sources);
  }

  /** Counts of one source; {@code refusal} is null unless the source was refused. */
  public record SourceCounts(String source, long read, long written, long quarantined, long inserted, long updated,
      long unchanged, long removed, String refusal) {

    public boolean refused() {
      return refusal != null;
    }
  }

  public long read() {
    return sum(SourceCounts::read);
  }

  /** Accepted records (of refused sources too, although those were not written). */
  public long written() {
    return sum(SourceCounts::written);
  }

  public long quarantined() {
    return sum(SourceCounts::quarantined);
  }

  public long inserted() {
    return sum(SourceCounts::inserted);
  }

  public long updated() {
    return sum(SourceCounts::updated);
  }

  public long unchanged() {
    return sum(SourceCounts::unchanged);
  }

  public long removed() {
    return sum(SourceCounts::removed);
  }

  /** The refused sources' messages, empty when none was refused. */
  public List<String> refusals() {
    return sources.stream().filter(SourceCounts::refused).map(SourceCounts::refusal).toList();
  }

  /** Exit 3 with every refused source's message, after the rest of the run has been written. */
  public IngestResult throwIfRefused() {
    List<String> r = refusals();
    if (!r.isEmpty()) {
      throw SynthmixException.refused(String.join("\n", r));
    }
    return this;
  }

  private long sum(ToLongFunction<SourceCounts> f) {
    return sources.stream().mapToLong(f).sum();
  }
}
