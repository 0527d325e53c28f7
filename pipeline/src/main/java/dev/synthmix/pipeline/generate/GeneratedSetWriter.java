package dev.synthmix.pipeline.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a generated set as a user's generator would hand it over: {@code data.jsonl} plus
 * {@code manifest.json} beside it, in a folder of its own.
 */
public final class GeneratedSetWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the manifest says of the set. */
  public record Lineage(String setId, String generator, String model, String modelVersion,
      Map<String, String> parameters, String promptId, String promptTemplate, String seedTable, long seedVersion,
      int depth, String parentSet, String generationRunId, Instant generatedAt) {}

  private GeneratedSetWriter() {}

  /** Writes the set; returns the manifest's path. */
  public static String write(Configuration hadoop, String folder, Lineage l, List<GeneratedDoc> docs) {
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      fs.delete(dir, true);
      fs.mkdirs(dir);
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(dir, "data.jsonl")), StandardCharsets.UTF_8))) {
        for (GeneratedDoc d : docs) {
          ObjectNode n = JSON.createObjectNode();
          n.put("id", d.id());
          n.put("text", d.text());
          n.put("category", d.category());
          n.put("prompt_id", d.promptId());
          if (!d.seedDocIds().isEmpty()) {
            n.set("seed_doc_ids", JSON.valueToTree(d.seedDocIds()));
          }
          w.write(JSON.writeValueAsString(n));
          w.write('\n');
        }
      }
      Path manifest = new Path(dir, "manifest.json");
      try (var out = fs.create(manifest)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest(l)));
      }
      return manifest.toString();
    } catch (IOException e) {
      throw new SynthmixException(ExitCode.FAILURE, "Cannot write generated set " + l.setId() + " to " + folder + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode manifest(Lineage l) {
    ObjectNode m = JSON.createObjectNode();
    m.put("set-id", l.setId());
    ObjectNode g = m.putObject("generator");
    g.put("name", l.generator());
    g.put("model", l.model());
    g.put("version", l.modelVersion());
    g.set("parameters", JSON.valueToTree(new java.util.TreeMap<>(l.parameters())));
    ObjectNode p = m.putObject("prompt");
    p.put("template-id", l.promptId());
    p.put("template-hash", "sha256:" + dev.synthmix.pipeline.text.ContentHash.ofNormalized(l.promptTemplate()));
    ObjectNode s = m.putObject("seed");
    s.put("table", l.seedTable());
    s.put("version", l.seedVersion());
    m.put("depth", l.depth());
    if (l.parentSet() != null) {
      m.put("parent-set", l.parentSet());
    }
    ObjectNode gen = m.putObject("generation");
    gen.put("run-id", l.generationRunId());
    gen.put("generated-at", l.generatedAt().toString());
    ObjectNode data = m.putObject("data");
    data.put("format", "jsonl");
    data.put("path", "data.jsonl");
    return m;
  }
}
