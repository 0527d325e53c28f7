package dev.synthmix.pipeline.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a run read and wrote, filled in as it goes: input and output table versions, counts, and
 * the generators involved. It becomes the run's row in the {@code runs} table and the commit
 * metadata of each write. Driver-side only, one per run.
 */
public final class RunLedger {

  private final RunContext context;
  private final Map<String, Long> inputVersions = new LinkedHashMap<>();
  private final Map<String, Long> outputVersions = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> rowsWritten = new LinkedHashMap<>();
  private final TreeSet<String> generators = new TreeSet<>();
  private final List<String> notes = new ArrayList<>();

  public RunLedger(RunContext context) {
    this.context = context;
  }

  public RunContext context() {
    return context;
  }

  public void input(String table, long version) {
    inputVersions.put(table, version);
  }

  public void output(String table, long version) {
    outputVersions.put(table, version);
  }

  /** Rows a commit to {@code table} added or changed (see DeltaStore). */
  public void written(String table, long rows) {
    rowsWritten.merge(table, rows, Long::sum);
  }

  /** Rows added or changed so far, over every table. */
  public long rowsWritten() {
    return rowsWritten.values().stream().mapToLong(Long::longValue).sum();
  }

  public void count(String name, long value) {
    counts.merge(name, value, Long::sum);
  }

  public void generator(String name) {
    generators.add(name);
  }

  public void note(String note) {
    notes.add(note);
  }

  public Map<String, Long> inputVersions() {
    return Map.copyOf(inputVersions);
  }

  public Map<String, Long> outputVersions() {
    return Map.copyOf(outputVersions);
  }

  public Map<String, Long> counts() {
    return new LinkedHashMap<>(counts);
  }

  public List<String> generators() {
    return List.copyOf(generators);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }
}
