package dev.synthmix.pipeline.metrics;

import dev.synthmix.pipeline.diversity.Collapse;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric the audit can write to {@code run_metrics}: its name, the scopes its rows carry,
 * the tags that are set on its rows, its kind and the stage that produces it. Gates are checked
 * against it when settings load, so a misspelled metric or tag is an error instead of a gate that
 * matches nothing and passes; producers use its name constants instead of string literals.
 *
 * <p>To add a metric: one {@code add(...)} line below (and a constant when code refers to it).
 */
public final class MetricCatalogue {

  /** What a value is, for readers (report, anomaly check) and people. */
  public enum Kind {
    /** A number of documents, tokens or categories. */
    COUNT,
    /** A share in [0, 1]. */
    SHARE,
    /** A ratio of two measures (e.g. synthetic / real). */
    RATIO,
    /** Any other measure (bits, tokens per document, a slope). */
    MEASURE
  }

  /**
   * One metric.
   *
   * @param scopes the values of the scope tag its rows carry
   * @param tags the tags set (not null) on its rows: the keys a gate's {@code where} may use
   * @param producer the class that produces it
   */
  public record Entry(String name, Kind kind, List<String> scopes, List<String> tags, String producer) {
    public Entry {
      scopes = List.copyOf(scopes);
      tags = List.copyOf(tags);
    }
  }

  // Tag sets. Depth is absent where the producer leaves it null (coverage, dup, lineage).
  private static final List<String> COVERAGE_TAGS =
      List.of(RunMetricsTable.SCOPE, RunMetricsTable.CATEGORY, RunMetricsTable.GENERATOR);
  private static final List<String> ALL_TAGS = RunMetricsTable.TAGS;
  private static final List<String> NO_DEPTH =
      List.of(RunMetricsTable.SCOPE, RunMetricsTable.CATEGORY, RunMetricsTable.GENERATOR, RunMetricsTable.ORIGIN);
  private static final List<String> DUP_SCOPES = List.of(DupPairs.SCOPE_REAL_REAL,
      DupPairs.SCOPE_SYNTHETIC_SYNTHETIC, DupPairs.SCOPE_CROSS_GENERATOR, DupPairs.SCOPE_SYNTHETIC_REAL);

  public static final String COVERAGE_REAL_COUNT = "coverage.real_count";
  public static final String COVERAGE_SYNTHETIC_COUNT = "coverage.synthetic_count";
  public static final String COVERAGE_SYNTHETIC_SHARE = "coverage.synthetic_share";
  public static final String COVERAGE_SYNTHETIC_REAL_RATIO = "coverage.synthetic_real_ratio";
  public static final String COVERAGE_REAL_CATEGORIES = "coverage.real_categories";
  public static final String COVERAGE_COVERED_CATEGORIES = "coverage.covered_categories";
  public static final String COVERAGE_MISSING_CATEGORIES = "coverage.missing_categories";
  public static final String COVERAGE_SYNTHETIC_ONLY_CATEGORIES = "coverage.synthetic_only_categories";
  public static final String COVERAGE_OVER_FILLED_CATEGORIES = "coverage.over_filled_categories";
  public static final String COVERAGE_TOTAL_REAL_COUNT = "coverage.total_real_count";
  public static final String COVERAGE_TOTAL_SYNTHETIC_COUNT = "coverage.total_synthetic_count";
  public static final String COVERAGE_TOTAL_SYNTHETIC_SHARE = "coverage.total_synthetic_share";
  public static final String COVERAGE_CATEGORY_COVERAGE = "coverage.category_coverage";
  public static final String COVERAGE_CATEGORY_ADHERENCE = "coverage.category_adherence";
  public static final String COVERAGE_TV_DISTANCE = "coverage.tv_distance";
  /** Documents exact dedup would remove (members - 1 per exact group), over documents. */
  public static final String DUP_EXACT_REDUNDANT_SHARE = "dup.exact_redundant_share";
  public static final String DUP_NEAR_REDUNDANT_SHARE = "dup.near_redundant_share";
  public static final String DUP_ANY_REDUNDANT_SHARE = "dup.any_redundant_share";
  /** Documents in an exact group, over documents (named dup.exact_rate before). */
  public static final String DUP_EXACT_MEMBER_SHARE = "dup.exact_member_share";
  /** Documents with a near partner, over documents (named dup.near_rate before). */
  public static final String DUP_NEAR_MEMBER_SHARE = "dup.near_member_share";
  /** Documents with an exact or near partner, over documents (named dup.any_rate before). */
  public static final String DUP_ANY_MEMBER_SHARE = "dup.any_member_share";
  public static final String DUP_LEAKAGE_RATE = "dup.leakage_rate";
  /** Share of synthetic rows whose seed, prompt and (depth > 1) parent set can be followed. */
  public static final String LINEAGE_PRESENT_SHARE = "lineage.present_share";
  public static final String LINEAGE_SEED_READABLE_SHARE = "lineage.seed_readable_share";
  public static final String LINEAGE_PROMPT_PRESENT_SHARE = "lineage.prompt_present_share";
  public static final String LINEAGE_PARENT_PRESENT_SHARE = "lineage.parent_present_share";
  public static final String ANOMALY_COUNT = "anomaly.count";
  /** Documents sharing a confirmed n-gram with an evaluation item (all benchmarks pooled). */
  public static final String CONTAMINATION_DOCUMENTS = "contamination.documents_contaminated";
  public static final String CONTAMINATION_SHARE = "contamination.contaminated_share";
  /** Distinct evaluation items found in the group's documents (all benchmarks pooled). */
  public static final String CONTAMINATION_ITEMS_FOUND = "contamination.items_found";
  public static final String CONTAMINATION_ITEMS_FOUND_SHARE = "contamination.items_found_share";

  public static final String SCOPE_COVERAGE = "coverage";
  public static final String SCOPE_COVERAGE_SUMMARY = "coverage_summary";
  public static final String SCOPE_DIVERSITY = "diversity";
  public static final String SCOPE_COLLAPSE = "collapse";
  public static final String SCOPE_LINEAGE = "lineage";
  public static final String SCOPE_ANOMALY = "anomaly";
  public static final String SCOPE_CONTAMINATION = "contamination";

  private static final Map<String, Entry> ENTRIES = build();

  private MetricCatalogue() {}

  private static Map<String, Entry> build() {
    Map<String, Entry> m = new LinkedHashMap<>();
    String coverage = "coverage.Coverage";
    add(m, COVERAGE_REAL_COUNT, Kind.COUNT, List.of(SCOPE_COVERAGE), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_SYNTHETIC_COUNT, Kind.COUNT, List.of(SCOPE_COVERAGE), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_SYNTHETIC_SHARE, Kind.SHARE, List.of(SCOPE_COVERAGE), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_SYNTHETIC_REAL_RATIO, Kind.RATIO, List.of(SCOPE_COVERAGE), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_REAL_CATEGORIES, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_COVERED_CATEGORIES, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_MISSING_CATEGORIES, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_SYNTHETIC_ONLY_CATEGORIES, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_OVER_FILLED_CATEGORIES, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_TOTAL_REAL_COUNT, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_TOTAL_SYNTHETIC_COUNT, Kind.COUNT, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_TOTAL_SYNTHETIC_SHARE, Kind.SHARE, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_CATEGORY_COVERAGE, Kind.SHARE, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_CATEGORY_ADHERENCE, Kind.SHARE, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    add(m, COVERAGE_TV_DISTANCE, Kind.MEASURE, List.of(SCOPE_COVERAGE_SUMMARY), COVERAGE_TAGS, coverage);
    // diversity.<column> for every metric column of the diversity table.
    for (String column : DiversityTable.METRICS) {
      add(m, diversity(column), Kind.MEASURE, List.of(SCOPE_DIVERSITY), ALL_TAGS, "diversity.Diversity");
    }
    // collapse.<metric>_ratio per generator and depth; _slope per generator (depth null).
    List<String> collapse = new ArrayList<>(Collapse.METRICS);
    Collapse.EQUAL_SIZE_METRICS.forEach(metric -> collapse.add(metric + Collapse.EQUAL_SIZE));
    for (String metric : collapse) {
      add(m, collapseRatio(metric), Kind.RATIO, List.of(SCOPE_COLLAPSE), ALL_TAGS, "diversity.Collapse");
      add(m, collapseSlope(metric), Kind.MEASURE, List.of(SCOPE_COLLAPSE), NO_DEPTH, "diversity.Collapse");
    }
    // dup_rates rows per scope x category x generator, and per depth (depth null = pooled).
    for (String dup : List.of(DUP_EXACT_REDUNDANT_SHARE, DUP_NEAR_REDUNDANT_SHARE, DUP_ANY_REDUNDANT_SHARE,
        DUP_EXACT_MEMBER_SHARE, DUP_NEAR_MEMBER_SHARE, DUP_ANY_MEMBER_SHARE)) {
      add(m, dup, Kind.SHARE, DUP_SCOPES, ALL_TAGS, "dedup.DedupStage");
    }
    add(m, DUP_LEAKAGE_RATE, Kind.SHARE, List.of(DupPairs.SCOPE_SYNTHETIC_REAL), ALL_TAGS, "dedup.DedupStage");
    for (String lineage : List.of(LINEAGE_PRESENT_SHARE, LINEAGE_SEED_READABLE_SHARE, LINEAGE_PROMPT_PRESENT_SHARE,
        LINEAGE_PARENT_PRESENT_SHARE)) {
      add(m, lineage, Kind.SHARE, List.of(SCOPE_LINEAGE), ALL_TAGS, "lineage.LineageTrace");
    }
    add(m, ANOMALY_COUNT, Kind.COUNT, List.of(SCOPE_ANOMALY), NO_DEPTH, "audit.Audit");
    String contamination = "contamination.Contamination";
    add(m, CONTAMINATION_DOCUMENTS, Kind.COUNT, List.of(SCOPE_CONTAMINATION), ALL_TAGS, contamination);
    add(m, CONTAMINATION_SHARE, Kind.SHARE, List.of(SCOPE_CONTAMINATION), ALL_TAGS, contamination);
    add(m, CONTAMINATION_ITEMS_FOUND, Kind.COUNT, List.of(SCOPE_CONTAMINATION), ALL_TAGS, contamination);
    add(m, CONTAMINATION_ITEMS_FOUND_SHARE, Kind.SHARE, List.of(SCOPE_CONTAMINATION), ALL_TAGS, contamination);
    return Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, Entry> m, String name, Kind kind, List<String> scopes, List<String> tags,
      String producer) {
    if (m.put(name, new Entry(name, kind, scopes, tags, producer)) != null) {
      throw new IllegalStateException("metric " + name + " is catalogued twice");
    }
  }

  /** The diversity metric of a {@link DiversityTable} column. */
  public static String diversity(String column) {
    return SCOPE_DIVERSITY + "." + column;
  }

  /** The collapse ratio metric of a diversity metric. */
  public static String collapseRatio(String metric) {
    return SCOPE_COLLAPSE + "." + metric + "_ratio";
  }

  /** The collapse slope metric of a diversity metric. */
  public static String collapseSlope(String metric) {
    return SCOPE_COLLAPSE + "." + metric + "_slope";
  }

  /** Every entry, in catalogue order. */
  public static List<Entry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  public static Optional<Entry> find(String name) {
    return Optional.ofNullable(ENTRIES.get(name));
  }

  /** The catalogued name closest to {@code name} by edit distance (ties: catalogue order). */
  public static String closest(String name) {
    return closest(name, new ArrayList<>(ENTRIES.keySet()));
  }

  /** The candidate closest to {@code name} by Levenshtein distance (ties: first in the list). */
  public static String closest(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = editDistance(name, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
