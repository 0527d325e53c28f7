package dev.synthmix.pipeline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synthmix.pipeline.dedup.DedupStage;
import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.report.ReportModel.DupRateRow;
import dev.synthmix.pipeline.report.ReportModel.RealSource;
import dev.synthmix.pipeline.report.ReportModel.SyntheticSet;
import dev.synthmix.pipeline.report.ReportModel.Verdict;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data card: the provenance disclosure of the training mix as JSON. Field names follow
 * Croissant RAI ({@code rai:*}) and PROV ({@code prov:*}) where they fit, and {@code
 * training_content_summary} is shaped like the EU AI Act's public summary of training content
 * (data sources: main datasets, other sources; processing). Every value is computed from the
 * model, i.e. from the tables; what the tables do not say is written as {@code "unknown"}.
 */
public final class DataCard {

  static final String UNKNOWN = "unknown";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DataCard() {}

  public static String json(ReportModel m) {
    try {
      return JSON.writeValueAsString(tree(m)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the data card: " + e.getMessage(), e);
    }
  }

  static ObjectNode tree(ReportModel m) {
    ObjectNode card = JSON.createObjectNode();
    ObjectNode context = card.putObject("@context");
    context.put("@vocab", "https://schema.org/");
    context.put("rai", "http://mlcommons.org/croissant/RAI/");
    context.put("prov", "http://www.w3.org/ns/prov#");
    card.put("@type", "Dataset");
    card.put("name", "synthmix training mix " + m.run().runDate());
    long real = m.coverage().stream().mapToLong(CoverageRow::realCount).sum();
    long synthetic = m.coverage().stream().mapToLong(CoverageRow::syntheticCount).sum();
    card.put("description", "Training mix of " + real + " real and " + synthetic + " synthetic documents in "
        + m.coverage().size() + " categories, audited by synthmix on " + m.run().runDate() + ".");
    card.put("datePublished", m.run().runDate().toString());

    ObjectNode run = card.putObject("prov:wasGeneratedBy");
    run.put("run_id", m.run().runId());
    run.put("run_date", m.run().runDate().toString());
    run.put("command", m.run().command());
    run.put("git_sha", m.run().gitSha() == null ? UNKNOWN : m.run().gitSha());
    putVersions(run.putObject("input_versions"), m.run().inputVersions());
    putVersions(run.putObject("output_versions"), m.run().outputVersions());
    ArrayNode derived = card.putArray("prov:wasDerivedFrom");
    new TreeMap<>(m.run().inputVersions()).forEach((t, v) -> derived.add(t + "@" + v));

    ObjectNode share = card.putObject("synthetic_share");
    putNumber(share, "overall", m.overallSyntheticShare());
    ArrayNode perCategory = share.putArray("per_category");
    for (CoverageRow c : m.coverage()) {
      ObjectNode o = perCategory.addObject();
      o.put("category", c.category());
      o.put("real_count", c.realCount());
      o.put("synthetic_count", c.syntheticCount());
      o.put("synthetic_share", c.syntheticShare());
      o.put("status", c.status());
    }

    ArrayNode generators = card.putArray("generators");
    for (SyntheticSet s : m.sets()) {
      generators.add(set(s, m.sets()));
    }

    ArrayNode sources = card.putArray("real_sources");
    for (RealSource s : m.sources()) {
      sources.add(source(s));
    }

    ObjectNode dups = card.putObject("duplicates");
    putNumber(dups, "leakage_rate", leakage(m));
    ArrayNode rates = dups.putArray("rates");
    for (DupRateRow r : m.dupRates()) {
      ObjectNode o = rates.addObject();
      o.put("scope", r.scope());
      o.put("generator", r.generator());
      o.put("docs", r.docs());
      o.put("exact_member_share", r.exactRate());
      o.put("near_member_share", r.nearRate());
      o.put("any_member_share", r.anyRate());
      putNumber(o, "exact_redundant_share", r.exactRedundant());
      putNumber(o, "near_redundant_share", r.nearRedundant());
      putNumber(o, "any_redundant_share", r.anyRedundant());
    }

    // Disclosed even when empty: "checked": false says no benchmark was looked for.
    ObjectNode contamination = card.putObject("contamination");
    contamination.put("checked", !m.contamination().isEmpty());
    ArrayNode perLineage = contamination.putArray("per_benchmark_and_lineage");
    for (ReportModel.ContaminationRow c : m.contamination()) {
      ObjectNode o = perLineage.addObject();
      o.put("benchmark", c.benchmark());
      o.put("origin", c.origin());
      o.put("generator", c.generator());
      o.put("depth", c.depth());
      o.put("documents_checked", c.documentsChecked());
      o.put("documents_contaminated", c.documentsContaminated());
      o.put("items_found", c.itemsFound());
      o.put("items_checked", c.benchmarkItems());
    }

    ArrayNode verdicts = card.putArray("gate_verdicts");
    for (Verdict v : m.verdicts()) {
      ObjectNode o = verdicts.addObject();
      o.put("gate", v.gate());
      o.put("metric", v.metric());
      o.put("comparator", v.comparator());
      o.put("threshold", v.threshold());
      putNumber(o, "observed", v.observed());
      o.put("status", v.status());
      o.put("passed", v.passed());
      o.put("severity", v.severity());
      o.put("message", v.message());
    }

    card.put("rai:dataCollection", collection(m));
    ArrayNode types = card.putArray("rai:dataCollectionType");
    if (!m.sources().isEmpty()) {
      types.add("Secondary data: existing real corpora");
    }
    if (!m.sets().isEmpty()) {
      types.add("Synthetic data: generated by the models listed under generators");
    }
    ArrayNode processing = card.putArray("rai:dataPreprocessingProtocol");
    processing(m).forEach(processing::add);
    card.put("rai:dataAnnotationProtocol", "n/a: no human annotation; category labels come from the sources"
        + " and the generators' manifests");
    ArrayNode biases = card.putArray("rai:dataBiases");
    biases(m).forEach(biases::add);
    ArrayNode limitations = card.putArray("rai:dataLimitations");
    limitations(m).forEach(limitations::add);
    card.put("rai:personalSensitiveInformation", UNKNOWN + ": synthmix does not scan for personal or sensitive"
        + " information");

    ObjectNode summary = card.putObject("training_content_summary");
    ObjectNode dataSources = summary.putObject("data_sources");
    ArrayNode main = dataSources.putArray("main_datasets");
    m.sources().forEach(s -> main.add(source(s)));
    ObjectNode other = dataSources.putObject("other_sources");
    ArrayNode syntheticSources = other.putArray("synthetic");
    m.sets().forEach(s -> syntheticSources.add(set(s, m.sets())));
    other.putArray("web_scraped");
    other.putArray("user_data");
    ArrayNode steps = summary.putArray("processing");
    processing(m).forEach(steps::add);
    return card;
  }

  /**
   * The chain from a set to the real seed: set → parent set → … → seed table@version. A parent
   * that docs_synthetic does not hold ends the chain with its name and "(not in docs_synthetic)".
   */
  static List<String> lineage(SyntheticSet set, List<SyntheticSet> all) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    SyntheticSet s = set;
    while (s != null && seen.add(s.setId())) {
      chain.add(s.setId());
      if (s.parentSet() == null) {
        chain.add(s.seedTable() + "@" + s.seedVersion());
        return chain;
      }
      String parent = s.parentSet();
      SyntheticSet next = all.stream().filter(x -> x.setId().equals(parent)).findFirst().orElse(null);
      if (next == null) {
        chain.add(parent + " (not in docs_synthetic)");
        return chain;
      }
      s = next;
    }
    return chain;
  }

  private static ObjectNode set(SyntheticSet s, List<SyntheticSet> all) {
    ObjectNode o = JSON.createObjectNode();
    o.put("set_id", s.setId());
    o.put("generator", s.generator());
    o.put("model", s.model());
    o.put("version", s.version());
    ArrayNode hashes = o.putArray("prompt_hashes");
    s.promptHashes().forEach(hashes::add);
    o.put("seed_table", s.seedTable());
    o.put("seed_version", s.seedVersion());
    o.put("depth", s.depth());
    if (s.parentSet() == null) {
      o.putNull("parent_set");
    } else {
      o.put("parent_set", s.parentSet());
    }
    o.put("documents", s.documents());
    o.put("prov:wasDerivedFrom", s.parentSet() != null ? s.parentSet() : s.seedTable() + "@" + s.seedVersion());
    ArrayNode chain = o.putArray("lineage");
    lineage(s, all).forEach(chain::add);
    return o;
  }

  private static ObjectNode source(RealSource s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    o.put("documents", s.documents());
    o.put("licence", s.licence());
    o.put("origin", s.origin());
    o.put("preprocessing", s.preprocessing());
    return o;
  }

  static Double leakage(ReportModel m) {
    return m.dupRates().stream()
        .filter(r -> r.scope().equals(DupPairs.SCOPE_SYNTHETIC_REAL) && r.generator().equals(DupRates.ALL))
        .map(DupRateRow::anyRate).findFirst().orElse(null);
  }

  static String collection(ReportModel m) {
    long real = m.sources().stream().mapToLong(RealSource::documents).sum();
    long synthetic = m.sets().stream().mapToLong(SyntheticSet::documents).sum();
    return real + " real documents from " + m.sources().size() + " source(s) ("
        + String.join(", ", m.sources().stream().map(RealSource::name).toList()) + ") and " + synthetic
        + " synthetic documents from " + m.sets().size() + " set(s) made by "
        + m.sets().stream().map(SyntheticSet::generator).distinct().count() + " generator(s); every synthetic row"
        + " carries its lineage (generator, model, version, prompt, seed table version, depth).";
  }

  static List<String> processing(ReportModel m) {
    List<String> out = new ArrayList<>();
    out.add("Ingest: each record validated (UTF-8, id, non-empty text, category, size limit); refused records go"
        + " to the quarantine table with a reason; documents merged on doc_id into Delta tables.");
    out.add("Synthetic sets accepted only with a lineage manifest naming generator, model, version, prompt,"
        + " seed table and its Delta version, and generation depth.");
    out.add("Audit: exact duplicates by normalised-text hash; near duplicates by MinHash LSH candidates verified by"
        + " exact Jaccard; coverage, diversity and collapse indicators per category, generator and depth;"
        + " quality gates over the metrics.");
    for (RealSource s : m.sources()) {
      if (!UNKNOWN.equals(s.preprocessing())) {
        out.add("Source " + s.name() + ": " + s.preprocessing());
      }
    }
    return out;
  }

  static List<String> biases(ReportModel m) {
    List<String> out = new ArrayList<>();
    for (CoverageRow c : m.coverage()) {
      if (!"ok".equals(c.status())) {
        out.add("category " + c.category() + ": " + c.status() + " (synthetic share "
            + HtmlReport.num(c.syntheticShare()) + ")");
      }
    }
    long real = m.coverage().stream().mapToLong(CoverageRow::realCount).sum();
    m.coverage().stream().max(Comparator.comparingLong(CoverageRow::realCount)).ifPresent(c -> {
      if (real > 0) {
        out.add("largest real category " + c.category() + " holds " + HtmlReport.num((double) c.realCount() / real)
            + " of the real documents");
      }
    });
    if (out.isEmpty()) {
      out.add("none measured: every category's coverage status is ok");
    }
    return out;
  }

  static List<String> limitations(ReportModel m) {
    List<String> out = new ArrayList<>();
    for (Verdict v : m.verdicts()) {
      if (!v.passed()) {
        out.add(v.severity() + " gate " + v.gate() + " " + v.status() + ": " + v.message());
      }
    }
    m.sets().stream().filter(s -> s.depth() > 1).forEach(s -> out.add("set " + s.setId() + " is generation "
        + s.depth() + " of generator " + s.generator() + " (trained on synthetic output): see the collapse indicators"));
    List<String> unknown = m.sources().stream().filter(s -> UNKNOWN.equals(s.licence())).map(RealSource::name).toList();
    if (!unknown.isEmpty()) {
      out.add("licence unknown for real source(s): " + String.join(", ", unknown));
    }
    if (!m.anomalies().isEmpty()) {
      out.add(m.anomalies().size() + " metric(s) moved against earlier runs (see anomalies in the report)");
    }
    Double leakage = leakage(m);
    if (leakage != null && leakage > 0) {
      out.add("leakage: " + HtmlReport.num(leakage) + " of synthetic documents duplicate a real one ("
          + DedupStage.LEAKAGE_RATE + ")");
    }
    return out;
  }

  private static void putVersions(ObjectNode o, Map<String, Long> versions) {
    new TreeMap<>(versions).forEach(o::put);
  }

  private static void putNumber(ObjectNode o, String name, Double v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }
}
