package dev.synthmix.pipeline.audit;

import dev.synthmix.pipeline.gates.GateVerdict;
import java.util.List;

/** What an audit found: the gate verdicts, and the counts its summary line gives. */
public record AuditResult(List<GateVerdict> verdicts, long documents, long syntheticDocuments, long metrics,
    long anomalies) {

  public long failed() {
    return verdicts.stream().filter(v -> !v.passed()).count();
  }
}
