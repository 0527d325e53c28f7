package dev.synthmix.pipeline.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the report and the data card show for one run date: small aggregates collected from the
 * stored tables, nothing that needs Spark any more. Names of categories, generators and sets and
 * every text sample are untrusted data: the renderers escape them.
 *
 * @param run which run wrote the date's outputs, and from which table versions
 * @param coverage per category, all generators pooled ({@code generator = "*"})
 * @param shareThreshold the max-synthetic-share gate's threshold, null when no such gate ran
 * @param overallSyntheticShare synthetic documents / all documents of the mix, null without data
 * @param dupRates per scope and generator (categories summed), plus each scope's overall row
 * @param diversity per generator and depth over all categories, with the real corpus at depth 0
 * @param trends headline metrics over every stored run date, oldest first
 * @param clusters the largest duplicate clusters, each with a few truncated member texts
 * @param verdicts the date's gate verdicts
 * @param anomalies metrics that moved against earlier runs
 * @param sets the synthetic sets of docs_synthetic, with their lineage
 * @param sources the real sources of docs_real, with licence and provenance when known
 * @param equalSize the collapse indicators compared at equal size (metrics ending in {@code
 *     _equal_size}), per generator and depth; empty for audits written before they existed
 * @param contamination per benchmark and lineage (all categories); empty when no benchmark was
 *     checked on the date
 * @param contaminationMatches the matches with the longest shared spans, longest first
 */
public record ReportModel(
    RunSummary run,
    List<CoverageRow> coverage,
    Double shareThreshold,
    Double overallSyntheticShare,
    List<DupRateRow> dupRates,
    List<DiversityPoint> diversity,
    List<TrendPoint> trends,
    List<Cluster> clusters,
    List<Verdict> verdicts,
    List<Anomaly> anomalies,
    List<SyntheticSet> sets,
    List<RealSource> sources,
    List<CollapsePoint> equalSize,
    List<ContaminationRow> contamination,
    List<ContaminationMatch> contaminationMatches) {

  public ReportModel {
    coverage = List.copyOf(coverage);
    dupRates = List.copyOf(dupRates);
    diversity = List.copyOf(diversity);
    trends = List.copyOf(trends);
    clusters = List.copyOf(clusters);
    verdicts = List.copyOf(verdicts);
    anomalies = List.copyOf(anomalies);
    sets = List.copyOf(sets);
    sources = List.copyOf(sources);
    equalSize = List.copyOf(equalSize);
    contamination = List.copyOf(contamination);
    contaminationMatches = List.copyOf(contaminationMatches);
  }

  /**
   * @param gitSha null when unknown
   * @param inputVersions table → Delta version read by the run
   * @param outputVersions table → last Delta version the run wrote (empty when not recorded)
   */
  public record RunSummary(String runId, LocalDate runDate, String command, String gitSha,
      Map<String, Long> inputVersions, Map<String, Long> outputVersions) {
    public RunSummary {
      inputVersions = Map.copyOf(inputVersions);
      outputVersions = Map.copyOf(outputVersions);
    }
  }

  /** One category of the coverage table, all generators pooled. */
  public record CoverageRow(String category, long realCount, long syntheticCount, double syntheticShare,
      String status) {}

  /**
   * Duplicate rates of one scope and generator ({@code "*"}: the scope's overall row): member shares
   * (documents with a partner) and redundant shares (documents dedup would remove; null for a run
   * date written before they were measured). See {@link dev.synthmix.pipeline.schema.DupRates}.
   */
  public record DupRateRow(String scope, String generator, long docs, double exactRate, double nearRate,
      double anyRate, Double exactRedundant, Double nearRedundant, Double anyRedundant) {}

  /**
   * Diversity of one generator at one depth over all categories; the real corpus is depth 0 with
   * a null generator. Metrics may be null when the table has none.
   */
  public record DiversityPoint(String origin, String generator, int depth, long documents, long vocabulary,
      Double distinct2, Double entropyBits, Double rareUnigramSurvival) {}

  /**
   * A collapse indicator of one generator at one depth: the synthetic value against the value of
   * as many real documents of its categories ({@code ratio} = synthetic / real, null when real is 0).
   */
  public record CollapsePoint(String generator, int depth, String metric, Double syntheticValue,
      Double realValue, Double ratio) {}

  /** One benchmark's contamination of one lineage (origin, generator, depth), all categories. */
  public record ContaminationRow(String benchmark, String origin, String generator, int depth, long documentsChecked,
      long documentsContaminated, long itemsFound, long benchmarkItems) {}

  /** A mix document holding an evaluation item; the excerpt is the longest shared span. */
  public record ContaminationMatch(String docId, String origin, String generator, String benchmark, String itemId,
      int longestSpan, String excerpt) {}

  /** One value of a headline metric series on one run date. */
  public record TrendPoint(String series, LocalDate runDate, double value) {}

  /** A duplicate cluster with a few members' texts. */
  public record Cluster(String clusterId, long size, long edges, Double minJaccard, Double meanJaccard,
      List<Member> members) {
    public Cluster {
      members = List.copyOf(members);
    }
  }

  /** A cluster member; the sample is the start of its text, truncated. */
  public record Member(String docId, String origin, String category, String generator, String sample) {}

  /** One gate verdict; observed is null when no row matched. */
  public record Verdict(String gate, String metric, String comparator, double threshold, Double observed,
      Map<String, String> worstTags, String status, boolean passed, String severity, String message) {
    public Verdict {
      worstTags = worstTags == null ? Map.of() : Map.copyOf(worstTags);
    }
  }

  /** A metric that moved against earlier runs; tags as {@code key=value} pairs. */
  public record Anomaly(String metric, String tags, Double today, Double previous, Double relativeChange,
      String reason) {}

  /**
   * A synthetic set of docs_synthetic with the lineage its rows carry.
   *
   * @param promptHashes the distinct prompt hashes of the set's rows (empty when none given)
   * @param parentSet the set it was generated from (depth > 1), else null
   */
  public record SyntheticSet(String setId, String generator, String model, String version,
      List<String> promptHashes, String seedTable, long seedVersion, int depth, String parentSet, long documents) {
    public SyntheticSet {
      promptHashes = List.copyOf(promptHashes);
    }
  }

  /**
   * A real source of docs_real.
   *
   * @param licence "unknown" unless the source's files are the embedded corpus, whose provenance
   *     file names it
   * @param origin where the data came from, "unknown" when not recorded
   */
  public record RealSource(String name, long documents, String licence, String origin, String preprocessing) {}
}
