package dev.synthmix.pipeline.report;

import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.report.ReportModel.DupRateRow;
import dev.synthmix.pipeline.report.ReportModel.RealSource;
import dev.synthmix.pipeline.report.ReportModel.SyntheticSet;
import dev.synthmix.pipeline.report.ReportModel.Verdict;
import java.util.List;
import java.util.TreeMap;

/**
 * The data card as Markdown, for people: the same computed fields as {@link DataCard}. Every
 * value from the data goes through {@link Untrusted#markdown}, so a name cannot open a link, a
 * heading, a table cell or raw HTML.
 */
public final class DataCardMarkdown {

  private DataCardMarkdown() {}

  public static String render(ReportModel m) {
    StringBuilder md = new StringBuilder();
    md.append("# Data card: synthmix training mix ").append(m.run().runDate()).append("\n\n");
    md.append("Run ").append(esc(m.run().runId())).append(" (").append(esc(m.run().command())).append(", git ")
        .append(esc(m.run().gitSha() == null ? DataCard.UNKNOWN : m.run().gitSha())).append("); tables read: ")
        .append(esc(versions(m))).append(".\n\n");

    md.append("## Synthetic share\n\n");
    md.append("Overall: ").append(HtmlReport.num(m.overallSyntheticShare())).append("\n\n");
    md.append("| category | real | synthetic | synthetic share | status |\n|---|---:|---:|---:|---|\n");
    for (CoverageRow c : m.coverage()) {
      md.append("| ").append(esc(c.category())).append(" | ").append(c.realCount()).append(" | ")
          .append(c.syntheticCount()).append(" | ").append(HtmlReport.num(c.syntheticShare())).append(" | ")
          .append(esc(c.status())).append(" |\n");
    }

    md.append("\n## Generators and lineage\n\n");
    md.append("| set | generator | model | version | prompt hashes | seed | depth | parent set | documents | lineage |\n")
        .append("|---|---|---|---|---|---|---:|---|---:|---|\n");
    for (SyntheticSet s : m.sets()) {
      md.append("| ").append(esc(s.setId())).append(" | ").append(esc(s.generator())).append(" | ")
          .append(esc(s.model())).append(" | ").append(esc(s.version())).append(" | ")
          .append(s.promptHashes().isEmpty() ? "none" : esc(String.join(", ", s.promptHashes()))).append(" | ")
          .append(esc(s.seedTable() + "@" + s.seedVersion())).append(" | ").append(s.depth()).append(" | ")
          .append(s.parentSet() == null ? "" : esc(s.parentSet())).append(" | ").append(s.documents()).append(" | ")
          .append(esc(String.join(" → ", DataCard.lineage(s, m.sets())))).append(" |\n");
    }

    md.append("\n## Real sources\n\n| source | documents | licence | origin |\n|---|---:|---|---|\n");
    for (RealSource s : m.sources()) {
      md.append("| ").append(esc(s.name())).append(" | ").append(s.documents()).append(" | ").append(esc(s.licence()))
          .append(" | ").append(esc(s.origin())).append(" |\n");
    }

    md.append("\n## Duplicates and leakage\n\nLeakage rate (synthetic documents with a real duplicate): ")
        .append(HtmlReport.num(DataCard.leakage(m))).append("\n\n");
    md.append("Member: share of documents with a duplicate; redundant: share dedup would remove.\n\n");
    md.append("| scope | generator | documents | exact member | near member | any member | exact redundant"
        + " | near redundant | any redundant |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (DupRateRow r : m.dupRates()) {
      md.append("| ").append(esc(r.scope())).append(" | ").append(esc(r.generator())).append(" | ").append(r.docs())
          .append(" | ").append(HtmlReport.num(r.exactRate())).append(" | ").append(HtmlReport.num(r.nearRate()))
          .append(" | ").append(HtmlReport.num(r.anyRate())).append(" | ").append(HtmlReport.num(r.exactRedundant()))
          .append(" | ").append(HtmlReport.num(r.nearRedundant())).append(" | ").append(HtmlReport.num(r.anyRedundant()))
          .append(" |\n");
    }

    md.append("\n## Gate verdicts\n\n| gate | severity | status | rule | observed | message |\n|---|---|---|---|---:|---|\n");
    for (Verdict v : m.verdicts()) {
      md.append("| ").append(esc(v.gate())).append(" | ").append(esc(v.severity())).append(" | ")
          .append(esc(v.status())).append(" | ").append(esc(v.metric() + " " + v.comparator() + " "
              + HtmlReport.num(v.threshold()))).append(" | ").append(HtmlReport.num(v.observed())).append(" | ")
          .append(esc(v.message())).append(" |\n");
    }

    md.append("\n## Responsible-AI fields\n\n");
    md.append("- **Data collection**: ").append(esc(DataCard.collection(m))).append('\n');
    md.append("- **Annotation**: n/a (no human annotation)\n");
    md.append("- **Personal or sensitive information**: unknown (not scanned)\n");
    list(md, "Biases", DataCard.biases(m));
    list(md, "Limitations", DataCard.limitations(m));

    md.append("\n## Training content summary\n\n");
    md.append("- **Main datasets**: ").append(esc(String.join("; ", m.sources().stream()
        .map(s -> s.name() + " (" + s.documents() + " documents, licence " + s.licence() + ")").toList())))
        .append('\n');
    md.append("- **Other sources, synthetic**: ").append(esc(String.join("; ", m.sets().stream()
        .map(s -> s.setId() + " by " + s.generator() + " " + s.model() + " " + s.version()).toList()))).append('\n');
    md.append("- **Other sources, web-scraped or user data**: none ingested\n");
    list(md, "Processing", DataCard.processing(m));
    return md.toString();
  }

  private static void list(StringBuilder md, String title, List<String> items) {
    md.append("- **").append(title).append("**:").append(items.isEmpty() ? " none\n" : "\n");
    for (String i : items) {
      md.append("  - ").append(esc(i)).append('\n');
    }
  }

  private static String versions(ReportModel m) {
    return String.join(", ", new TreeMap<>(m.run().inputVersions()).entrySet().stream()
        .map(e -> e.getKey() + "@" + e.getValue()).toList());
  }

  private static String esc(String s) {
    return Untrusted.markdown(s);
  }
}
