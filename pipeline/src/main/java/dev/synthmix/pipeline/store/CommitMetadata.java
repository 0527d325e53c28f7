package dev.synthmix.pipeline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synthmix.pipeline.run.RunLedger;
import java.util.Map;

/**
 * The JSON user metadata of a Delta commit: run id, command, run date, git commit, settings hash,
 * generators involved and the input table versions the run read. Delta cleans old commit info
 * with its log, so per-row columns ({@code run_id}, {@code lineage}) remain the source of truth.
 */
public final class CommitMetadata {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CommitMetadata() {}

  public static String json(RunLedger ledger, String table, Map<String, Object> extra) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", ledger.context().runId());
    n.put("command", ledger.context().command());
    n.put("run_date", ledger.context().runDate().toString());
    n.put("git_sha", ledger.context().gitSha());
    n.put("settings_hash", ledger.context().settingsHash());
    n.put("table", table);
    n.set("generators", JSON.valueToTree(ledger.generators()));
    n.set("input_versions", JSON.valueToTree(ledger.inputVersions()));
    extra.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
