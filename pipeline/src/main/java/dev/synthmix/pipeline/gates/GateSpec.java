package dev.synthmix.pipeline.gates;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One quality gate over the long-format metrics: every row of {@code metric} that matches {@code
 * where} (tag = value, all must hold; {@code "*"} matches the pooled rows literally, it is not a
 * wildcard) must satisfy {@code value <comparator> threshold}.
 *
 * <p>Config form (a list under {@link #GATES}):
 *
 * <pre>
 * { name = max-synthetic-share, metric = "coverage.synthetic_share", where { generator = "*" },
 *   comparator = "&lt;=", threshold = 0.5, severity = fail, fail-on-no-data = false }
 * </pre>
 *
 * {@code where}, {@code severity} (default {@code fail}), {@code fail-on-no-data} (default
 * false: a gate without rows is reported as {@code no-data} and does not fail the run) and {@code
 * min-documents} (default {@code synthmix.gate-defaults.min-documents}: a row whose group holds
 * fewer documents is skipped, with that reason) are optional.
 *
 * <p>The metric must be one the audit produces ({@link MetricCatalogue}) and every {@code where}
 * key one of its tags, and a {@code where.scope} one of its scopes: a typo would otherwise match no
 * rows and pass as {@code no-data}. The error names the closest known metric.
 *
 * @param where tag → required value, in config order
 * @param minDocuments rows whose group has fewer documents are skipped (0: none)
 */
public record GateSpec(
    String name,
    String metric,
    Map<String, String> where,
    Comparator comparator,
    double threshold,
    Severity severity,
    boolean failOnNoData,
    long minDocuments) {

  /** The config path of the gate list. */
  public static final String GATES = "synthmix.gates";

  static final String NAME = "name";
  static final String METRIC = "metric";
  static final String WHERE = "where";
  static final String COMPARATOR = "comparator";
  static final String THRESHOLD = "threshold";
  static final String SEVERITY = "severity";
  static final String FAIL_ON_NO_DATA = "fail-on-no-data";
  static final String MIN_DOCUMENTS = "min-documents";

  /** The default of {@code min-documents} for every gate that does not set it. */
  public static final String DEFAULT_MIN_DOCUMENTS = "synthmix.gate-defaults.min-documents";

  private static final Set<String> FIELDS =
      Set.of(NAME, METRIC, WHERE, COMPARATOR, THRESHOLD, SEVERITY, FAIL_ON_NO_DATA, MIN_DOCUMENTS);

  public GateSpec {
    where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
  }

  /**
   * The gates under {@link #GATES}; an absent path is no gates. {@link #DEFAULT_MIN_DOCUMENTS}
   * comes from {@code config}, else from reference.conf (where the default lives).
   */
  public static List<GateSpec> listFromConfig(Config config) {
    if (!config.hasPath(GATES)) {
      return List.of();
    }
    long defaultMinDocuments;
    try {
      defaultMinDocuments = config.withFallback(reference()).getLong(DEFAULT_MIN_DOCUMENTS);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + DEFAULT_MIN_DOCUMENTS + ": must be a whole number ("
          + e.getMessage() + ")", e);
    }
    if (defaultMinDocuments < 0) {
      throw new IllegalArgumentException("Cannot read " + DEFAULT_MIN_DOCUMENTS + ": must be >= 0, got "
          + defaultMinDocuments);
    }
    List<? extends Config> entries;
    try {
      entries = config.getConfigList(GATES);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "Cannot read " + GATES + ": must be a list of objects (" + e.getMessage() + ")", e);
    }
    List<GateSpec> gates = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      GateSpec gate = fromConfig(entries.get(i), i, defaultMinDocuments);
      if (!names.add(gate.name())) {
        throw new IllegalArgumentException(
            "Cannot read gate '" + gate.name() + "': the name is used twice");
      }
      gates.add(gate);
    }
    return List.copyOf(gates);
  }

  /**
   * One gate; {@code index} names it in errors when it has no name; {@code defaultMinDocuments}
   * applies when it sets no {@code min-documents}.
   */
  public static GateSpec fromConfig(Config gate, int index, long defaultMinDocuments) {
    String label = "gate #" + (index + 1);
    if (gate.hasPath(NAME)) {
      label = "gate '" + gate.getValue(NAME).unwrapped() + "'";
    }
    for (Map.Entry<String, ConfigValue> entry : gate.root().entrySet()) {
      if (!FIELDS.contains(entry.getKey())) {
        throw error(
            label,
            entry.getKey() + " is not a gate field; use " + String.join(", ", sorted(FIELDS)));
      }
    }
    String name = requiredString(gate, label, NAME);
    String metric = requiredString(gate, label, METRIC);

    String comparatorText = requiredString(gate, label, COMPARATOR);
    Comparator comparator = Comparator.fromSymbol(comparatorText);
    if (comparator == null) {
      throw error(
          label,
          COMPARATOR
              + " must be one of "
              + Comparator.symbols()
              + ", got '"
              + comparatorText
              + "'");
    }

    if (!gate.hasPath(THRESHOLD)) {
      throw error(label, THRESHOLD + " is missing");
    }
    double threshold;
    try {
      threshold = gate.getDouble(THRESHOLD);
    } catch (ConfigException.WrongType e) {
      throw error(
          label,
          THRESHOLD + " must be a number, got '" + gate.getValue(THRESHOLD).unwrapped() + "'");
    }
    if (Double.isNaN(threshold)) {
      throw error(label, THRESHOLD + " must be a number, got NaN");
    }

    Severity severity = Severity.FAIL;
    if (gate.hasPath(SEVERITY)) {
      String text = gate.getValue(SEVERITY).unwrapped().toString();
      severity = null;
      for (Severity candidate : Severity.values()) {
        if (candidate.configName().equals(text)) {
          severity = candidate;
        }
      }
      if (severity == null) {
        throw error(label, SEVERITY + " must be one of warn, fail, got '" + text + "'");
      }
    }

    boolean failOnNoData = false;
    if (gate.hasPath(FAIL_ON_NO_DATA)) {
      try {
        failOnNoData = gate.getBoolean(FAIL_ON_NO_DATA);
      } catch (ConfigException.WrongType e) {
        throw error(label, FAIL_ON_NO_DATA + " must be true or false");
      }
    }

    Map<String, String> where = new LinkedHashMap<>();
    if (gate.hasPath(WHERE)) {
      Config whereConfig;
      try {
        whereConfig = gate.getConfig(WHERE);
      } catch (ConfigException.WrongType e) {
        throw error(label, WHERE + " must be an object of tag = value");
      }
      for (String tag : RunMetricsTable.TAGS) {
        if (whereConfig.root().containsKey(tag)) {
          ConfigValue value = whereConfig.root().get(tag);
          Object unwrapped = value.unwrapped();
          if (unwrapped == null || unwrapped instanceof Map || unwrapped instanceof List) {
            throw error(label, WHERE + "." + tag + " must be a string or number");
          }
          where.put(tag, unwrapped.toString());
        }
      }
      for (String key : whereConfig.root().keySet()) {
        if (!RunMetricsTable.TAGS.contains(key)) {
          throw error(
              label,
              WHERE
                  + "."
                  + key
                  + " is not a tag; use one of "
                  + String.join(", ", RunMetricsTable.TAGS));
        }
      }
    }
    long minDocuments = defaultMinDocuments;
    if (gate.hasPath(MIN_DOCUMENTS)) {
      try {
        minDocuments = gate.getLong(MIN_DOCUMENTS);
      } catch (ConfigException.WrongType e) {
        throw error(label, MIN_DOCUMENTS + " must be a whole number, got '" + gate.getValue(MIN_DOCUMENTS).unwrapped() + "'");
      }
      if (minDocuments < 0) {
        throw error(label, MIN_DOCUMENTS + " must be >= 0, got " + minDocuments);
      }
    }
    checkAgainstCatalogue(label, metric, where);
    return new GateSpec(name, metric, where, comparator, threshold, severity, failOnNoData, minDocuments);
  }

  /** The metric, its where keys and a where.scope value must be ones the audit produces. */
  private static void checkAgainstCatalogue(String label, String metric, Map<String, String> where) {
    MetricCatalogue.Entry entry = MetricCatalogue.find(metric).orElseThrow(() -> error(label, METRIC + " '" + metric
        + "' is not a metric the audit produces (closest: '" + MetricCatalogue.closest(metric)
        + "'); every metric is listed in MetricCatalogue and the README"));
    for (String tag : where.keySet()) {
      if (!entry.tags().contains(tag)) {
        throw error(label, WHERE + "." + tag + " is never set on " + metric + " rows, so the gate would match nothing;"
            + " its tags are " + String.join(", ", entry.tags()));
      }
    }
    String scope = where.get(RunMetricsTable.SCOPE);
    if (scope != null && !entry.scopes().contains(scope)) {
      throw error(label, WHERE + "." + RunMetricsTable.SCOPE + " = '" + scope + "' never occurs on " + metric
          + " rows (closest: '" + MetricCatalogue.closest(scope, entry.scopes()) + "'); its scopes are "
          + String.join(", ", entry.scopes()));
    }
  }

  private static Config reference() {
    return ConfigFactory.parseResourcesAnySyntax(GateSpec.class.getClassLoader(), "reference").resolve();
  }

  private static String requiredString(Config gate, String label, String field) {
    if (!gate.hasPath(field)) {
      throw error(label, field + " is missing");
    }
    Object value = gate.getValue(field).unwrapped();
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw error(label, field + " must be a non-empty string, got '" + value + "'");
    }
    return (String) value;
  }

  private static IllegalArgumentException error(String label, String reason) {
    return new IllegalArgumentException("Cannot read " + label + ": " + reason);
  }

  private static List<String> sorted(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    Collections.sort(list);
    return list;
  }
}
