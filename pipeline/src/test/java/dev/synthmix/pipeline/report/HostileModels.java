package dev.synthmix.pipeline.report;

import dev.synthmix.pipeline.report.ReportModel.Anomaly;
import dev.synthmix.pipeline.report.ReportModel.Cluster;
import dev.synthmix.pipeline.report.ReportModel.CoverageRow;
import dev.synthmix.pipeline.report.ReportModel.CollapsePoint;
import dev.synthmix.pipeline.report.ReportModel.ContaminationMatch;
import dev.synthmix.pipeline.report.ReportModel.ContaminationRow;
import dev.synthmix.pipeline.report.ReportModel.DiversityPoint;
import dev.synthmix.pipeline.report.ReportModel.DupRateRow;
import dev.synthmix.pipeline.report.ReportModel.Member;
import dev.synthmix.pipeline.report.ReportModel.RealSource;
import dev.synthmix.pipeline.report.ReportModel.RunSummary;
import dev.synthmix.pipeline.report.ReportModel.SyntheticSet;
import dev.synthmix.pipeline.report.ReportModel.TrendPoint;
import dev.synthmix.pipeline.report.ReportModel.Verdict;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A report model whose names and texts try to inject markup and scripts. */
final class HostileModels {

  private HostileModels() {}

  /** A category that would run a script if it reached the page unescaped. */
  static final String CATEGORY = "<script>document.title='PWNED'</script>";

  /** A generator name that would break out of an attribute and add an element. */
  static final String GENERATOR = "\"><img id=pwned src=x onerror=\"document.title='PWNED'\">";

  /** A text sample that would close the pre block, with a control character. */
  static final String SAMPLE = "</pre><script>document.body.append('PWNED')</script> bell\u0007 end";

  static ReportModel model() {
    LocalDate d = LocalDate.of(2026, 3, 1);
    RunSummary run = new RunSummary("nightly-2026-03-01", d, "nightly", "abc123",
        Map.of("docs_real", 3L, "docs_synthetic", 7L), Map.of("coverage", 4L));
    List<CoverageRow> coverage = List.of(
        new CoverageRow("Whig", 100, 20, 20.0 / 120, "ok"),
        new CoverageRow(CATEGORY, 10, 30, 0.75, "over-filled"));
    List<DupRateRow> rates = List.of(
        new DupRateRow("synthetic-real", GENERATOR, 50, 0.02, 0.04, 0.06, 0.02, 0.04, 0.06),
        new DupRateRow("synthetic-real", "*", 50, 0.02, 0.04, 0.06, 0.02, 0.04, 0.06),
        new DupRateRow("real-real", "real", 110, 0.0, 0.01, 0.01, 0.0, 0.005, null));
    List<DiversityPoint> diversity = List.of(
        new DiversityPoint("real", null, 0, 110, 5000, 0.8, 9.5, 1.0),
        new DiversityPoint("synthetic", GENERATOR, 1, 20, 1500, 0.6, 8.9, 0.4),
        new DiversityPoint("synthetic", GENERATOR, 2, 20, 1100, 0.5, 8.5, 0.2),
        new DiversityPoint("synthetic", "markov", 1, 30, 2000, 0.7, 9.0, 0.5));
    List<TrendPoint> trends = List.of(
        new TrendPoint("dup.leakage_rate", d.minusDays(1), 0.05),
        new TrendPoint("dup.leakage_rate", d, 0.06),
        new TrendPoint("coverage.total_synthetic_share", d, 0.3));
    List<Cluster> clusters = List.of(new Cluster("r1", 3, 2, 0.85, 0.9, List.of(
        new Member("r1", "real", CATEGORY, null, "the union is strong"),
        new Member("s1", "synthetic", CATEGORY, GENERATOR, SAMPLE))));
    List<Verdict> verdicts = List.of(
        new Verdict("max-synthetic-share", "coverage.synthetic_share", "<=", 0.5, 0.75,
            Map.of("category", CATEGORY), "failed", false, "fail", "category " + CATEGORY + " is 0.75"),
        new Verdict("lineage-present", "lineage.present_share", ">=", 1.0, 1.0, Map.of(), "passed", true, "fail", "ok"));
    List<Anomaly> anomalies = List.of(new Anomaly("dup.leakage_rate", "generator=" + GENERATOR, 0.06, 0.05, 0.2,
        "relative-change"));
    List<SyntheticSet> sets = List.of(
        new SyntheticSet("set-d1", GENERATOR, "m<1>", "1", List.of("h1"), "docs_real", 3, 1, null, 20),
        new SyntheticSet("set-d2", GENERATOR, "m<1>", "1", List.of(), "docs_synthetic", 5, 2, "set-d1", 20));
    List<RealSource> sources = List.of(new RealSource("sotu", 110, "CC0", "npm", "passages"),
        new RealSource("letters|<b>x</b>", 5, "unknown", "unknown", "unknown"));
    List<CollapsePoint> equalSize = List.of(
        new CollapsePoint(GENERATOR, 1, "distinct_2_equal_size", 0.5, 0.6, 0.5 / 0.6),
        new CollapsePoint(GENERATOR, 2, "distinct_2_equal_size", 0.4, 0.6, 0.4 / 0.6),
        new CollapsePoint("markov", 1, "vocabulary_equal_size", 900.0, 1000.0, 0.9));
    List<ContaminationRow> contamination = List.of(
        new ContaminationRow("eval" + CATEGORY, "synthetic", GENERATOR, 1, 20, 2, 1, 50),
        new ContaminationRow("eval" + CATEGORY, "real", null, 0, 110, 0, 0, 50));
    List<ContaminationMatch> matches = List.of(
        new ContaminationMatch("s1", "synthetic", GENERATOR, "eval" + CATEGORY, "q<7>", 14, SAMPLE));
    return new ReportModel(run, coverage, 0.5, 0.3, rates, diversity, trends, clusters, verdicts, anomalies, sets,
        sources, equalSize, contamination, matches);
  }
}
