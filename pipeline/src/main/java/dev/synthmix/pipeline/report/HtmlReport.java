package dev.synthmix.pipeline.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.synthmix.pipeline.report.Charts.Chart;
import dev.synthmix.pipeline.report.ReportModel.Cluster;
import dev.synthmix.pipeline.report.ReportModel.Member;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the report page: the template {@code report/report.mustache} (mustache escapes every
 * {@code {{value}}} for HTML) filled with display strings, charts as SVG image data URIs. The page
 * holds no script and loads nothing: its Content-Security-Policy allows only inline styles and
 * data: images.
 */
public final class HtmlReport {

  static final String TEMPLATE = "report.mustache";

  /** The section headings, in page order. */
  public static final List<String> SECTIONS = List.of(
      "Run summary",
      "Coverage by category",
      "Synthetic share per category",
      "Duplicate and leakage rates",
      "Evaluation-set contamination",
      "Diversity by generation depth",
      "Metric trends",
      "Largest duplicate clusters",
      "Gate verdicts",
      "Anomalies",
      "Synthetic sets and real sources");

  private HtmlReport() {}

  /** Chart images on every page: coverage, share, duplicates, four diversity metrics, trends. */
  public static final int CHARTS = 8;

  public static String render(ReportModel model) {
    Map<String, Object> scope = new LinkedHashMap<>();
    var run = model.run();
    scope.put("title", "synthmix report " + run.runDate());
    scope.put("sections", SECTIONS);
    scope.put("runId", visible(run.runId()));
    scope.put("runDate", run.runDate().toString());
    scope.put("command", visible(run.command()));
    scope.put("gitSha", run.gitSha() == null ? "unknown" : visible(run.gitSha()));
    scope.put("inputVersions", versions(run.inputVersions()));
    scope.put("outputVersions", versions(run.outputVersions()));
    scope.put("overallShare", num(model.overallSyntheticShare()));
    long failed = model.verdicts().stream().filter(v -> !v.passed()).count();
    scope.put("gatesSummary", model.verdicts().size() + " gates, " + failed + " not passed");

    scope.put("coverageChart", image(Charts.coverage(model.coverage())));
    scope.put("shareChart", image(Charts.syntheticShare(model.coverage(), model.shareThreshold())));
    scope.put("shareThreshold", model.shareThreshold() == null ? "no max-synthetic-share gate" : num(model.shareThreshold()));
    scope.put("coverage", model.coverage().stream().map(c -> row(
        "category", visible(c.category()), "real", c.realCount(), "synthetic", c.syntheticCount(),
        "share", num(c.syntheticShare()), "status", visible(c.status()),
        "over", model.shareThreshold() != null && c.syntheticShare() > model.shareThreshold())).toList());

    scope.put("dupChart", image(Charts.dupRates(model.dupRates())));
    scope.put("dupRates", model.dupRates().stream().map(r -> row(
        "scope", visible(r.scope()), "generator", visible(r.generator()), "docs", r.docs(),
        "exact", num(r.exactRate()), "near", num(r.nearRate()), "any", num(r.anyRate()),
        "exactRedundant", num(r.exactRedundant()), "nearRedundant", num(r.nearRedundant()),
        "anyRedundant", num(r.anyRedundant()))).toList());

    scope.put("contaminationChecked", !model.contamination().isEmpty());
    scope.put("contamination", model.contamination().stream().map(c -> row(
        "benchmark", visible(c.benchmark()), "origin", visible(c.origin()),
        "generator", c.generator() == null ? "(real)" : visible(c.generator()), "depth", c.depth(),
        "checked", c.documentsChecked(), "contaminated", c.documentsContaminated(), "found", c.itemsFound(),
        "items", c.benchmarkItems(), "bad", c.itemsFound() > 0)).toList());
    scope.put("contaminationMatches", model.contaminationMatches().stream().map(m -> row(
        "docId", visible(m.docId()), "origin", visible(m.origin()),
        "generator", m.generator() == null ? "" : visible(m.generator()), "benchmark", visible(m.benchmark()),
        "itemId", visible(m.itemId()), "span", m.longestSpan(), "excerpt", visible(m.excerpt()))).toList());

    // At equal size when the audit has the comparison; raw figures only for audits written before.
    scope.put("equalSize", !model.equalSize().isEmpty());
    scope.put("diversityCharts", (model.equalSize().isEmpty() ? Charts.diversity(model.diversity())
        : Charts.equalSize(model.equalSize())).stream().map(HtmlReport::image).toList());
    scope.put("diversity", model.diversity().stream().map(p -> row(
        "origin", visible(p.origin()), "generator", p.generator() == null ? "(real)" : visible(p.generator()),
        "depth", p.depth(), "documents", p.documents(), "vocabulary", p.vocabulary(), "distinct2", num(p.distinct2()),
        "entropy", num(p.entropyBits()), "rare", num(p.rareUnigramSurvival()))).toList());

    scope.put("trendChart", image(Charts.trends(model.trends())));

    scope.put("clusters", model.clusters().stream().map(HtmlReport::cluster).toList());
    scope.put("verdicts", model.verdicts().stream().map(v -> row(
        "gate", visible(v.gate()), "severity", visible(v.severity()), "status", visible(v.status()),
        "passed", v.passed(), "metric", visible(v.metric()), "comparator", visible(v.comparator()),
        "threshold", num(v.threshold()), "observed", num(v.observed()),
        "worst", visible(v.worstTags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "))),
        "message", visible(v.message()))).toList());
    scope.put("anomalies", model.anomalies().stream().map(a -> row(
        "metric", visible(a.metric()), "tags", visible(a.tags()), "today", num(a.today()),
        "previous", num(a.previous()), "change", num(a.relativeChange()), "reason", visible(a.reason()))).toList());
    scope.put("sets", model.sets().stream().map(s -> row(
        "setId", visible(s.setId()), "generator", visible(s.generator()), "model", visible(s.model()),
        "version", visible(s.version()), "depth", s.depth(), "documents", s.documents(),
        "lineage", visible(String.join(" → ", DataCard.lineage(s, model.sets()))),
        "promptHashes", visible(s.promptHashes().isEmpty() ? "none" : String.join(", ", s.promptHashes())))).toList());
    scope.put("sources", model.sources().stream().map(s -> row(
        "name", visible(s.name()), "documents", s.documents(), "licence", visible(s.licence()),
        "origin", visible(s.origin()))).toList());

    StringWriter out = new StringWriter();
    Mustache template = new DefaultMustacheFactory("report").compile(TEMPLATE);
    template.execute(out, scope);
    return out.toString();
  }

  private static Map<String, Object> cluster(Cluster c) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member m : c.members()) {
      members.add(row("docId", visible(m.docId()), "origin", visible(m.origin()), "category", visible(m.category()),
          "generator", m.generator() == null ? "" : visible(m.generator()), "sample", visible(m.sample())));
    }
    return row("clusterId", visible(c.clusterId()), "size", c.size(), "edges", c.edges(),
        "minJaccard", num(c.minJaccard()), "meanJaccard", num(c.meanJaccard()), "members", members,
        "shown", members.size());
  }

  private static Map<String, Object> image(Chart c) {
    return row("title", c.title(), "alt", c.alt(), "src", c.dataUri());
  }

  private static List<Map<String, Object>> versions(Map<String, Long> versions) {
    return new TreeMap<>(versions).entrySet().stream()
        .map(e -> row("table", visible(e.getKey()), "version", e.getValue())).toList();
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String visible(String s) {
    return s == null ? "" : Untrusted.visible(s);
  }

  static String num(Double d) {
    if (d == null || d.isNaN()) {
      return "–";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.valueOf(d.longValue());
    }
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
