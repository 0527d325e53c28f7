package dev.synthmix.pipeline.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSpecTest {

  static List<GateSpec> parse(String hocon) {
    return GateSpec.listFromConfig(ConfigFactory.parseString(hocon));
  }

  @Test
  void parsesTheDocumentedForm() {
    List<GateSpec> gates =
        parse(
            "synthmix.gates = [ { name = max-synthetic-share, metric ="
                + " \"collapse.distinct_2_ratio\", where { generator = \"*\", depth = 2 },"
                + " comparator = \"<=\", threshold = 0.5, severity = fail } ]");
    assertThat(gates).hasSize(1);
    GateSpec gate = gates.get(0);
    assertThat(gate.name()).isEqualTo("max-synthetic-share");
    assertThat(gate.metric()).isEqualTo("collapse.distinct_2_ratio");
    assertThat(gate.where()).containsExactly(Map.entry("generator", "*"), Map.entry("depth", "2"));
    assertThat(gate.comparator()).isEqualTo(Comparator.LE);
    assertThat(gate.threshold()).isEqualTo(0.5);
    assertThat(gate.severity()).isEqualTo(Severity.FAIL);
    assertThat(gate.failOnNoData()).isFalse();
    assertThat(gate.minDocuments()).as("gate-defaults.min-documents of reference.conf").isEqualTo(20);
  }

  @Test
  void theDocumentedContaminationGateParses() {
    GateSpec gate = parse("synthmix.gates = [ { name = no-contamination, metric = \"contamination.items_found\","
        + " where { category = \"*\", origin = synthetic }, comparator = \"<=\", threshold = 0, severity = fail,"
        + " min-documents = 0 } ]").get(0);
    assertThat(gate.where()).containsExactly(Map.entry("category", "*"), Map.entry("origin", "synthetic"));
    assertThat(gate.minDocuments()).isZero();
  }

  @Test
  void aMisspelledMetricIsAnErrorNamingTheGateAndTheClosestMetric() {
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { name = leak, metric = \"dup.leakge_rate\", comparator = \"<=\","
                + " threshold = 0.01 } ]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read gate 'leak': metric 'dup.leakge_rate' is not a metric the audit produces")
        .hasMessageContaining("closest: 'dup.leakage_rate'");
  }

  @Test
  void aTagTheMetricNeverCarriesOrAScopeItNeverHasIsAnError() {
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { name = share, metric = \"coverage.synthetic_share\", where { depth = 1 },"
                + " comparator = \"<=\", threshold = 0.5 } ]"))
        .hasMessageStartingWith("Cannot read gate 'share': where.depth is never set on coverage.synthetic_share rows")
        .hasMessageContaining("scope, category, generator");
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { name = share, metric = \"coverage.synthetic_share\","
                + " where { scope = coverge }, comparator = \"<=\", threshold = 0.5 } ]"))
        .hasMessageStartingWith("Cannot read gate 'share': where.scope = 'coverge' never occurs")
        .hasMessageContaining("closest: 'coverage'");
  }

  @Test
  void minDocumentsIsPerGateOverTheDefaultAndNeverNegative() {
    List<GateSpec> gates =
        parse("synthmix.gate-defaults.min-documents = 5, synthmix.gates = ["
            + " { name = a, metric = \"dup.leakage_rate\", comparator = \"<=\", threshold = 0.01 },"
            + " { name = b, metric = \"dup.leakage_rate\", comparator = \"<=\", threshold = 0.01, min-documents = 0 } ]");
    assertThat(gates).extracting(GateSpec::minDocuments).containsExactly(5L, 0L);
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { name = a, metric = \"dup.leakage_rate\", comparator = \"<=\","
                + " threshold = 0.01, min-documents = -1 } ]"))
        .hasMessage("Cannot read gate 'a': min-documents must be >= 0, got -1");
  }

  @Test
  void severityDefaultsToFailAndNoDataCanFail() {
    GateSpec gate =
        parse(
                "synthmix.gates = [ { name = g, metric = \"coverage.synthetic_share\", comparator = \">\", threshold = 1,"
                    + " fail-on-no-data = true } ]")
            .get(0);
    assertThat(gate.severity()).isEqualTo(Severity.FAIL);
    assertThat(gate.failOnNoData()).isTrue();
    assertThat(gate.where()).isEmpty();
  }

  @Test
  void referenceConfHoldsTheDefaultGates() {
    List<GateSpec> gates = GateSpec.listFromConfig(ConfigFactory.load());
    assertThat(gates)
        .extracting(GateSpec::name)
        .containsExactly(
            "max-synthetic-share",
            "no-synthetic-only-categories",
            "max-leakage-rate",
            "max-exact-duplicate-rate",
            "min-distinct-2-vs-real",
            "lineage-present");
  }

  @Test
  void errorsNameTheGateAndTheField() {
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"=<\", threshold = 1"
                        + " } ]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read gate 'x': comparator must be one of <=, <, >=, >, ==, got '=<'");
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\" } ]"))
        .hasMessage("Cannot read gate 'x': threshold is missing");
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\", threshold ="
                        + " high } ]"))
        .hasMessage("Cannot read gate 'x': threshold must be a number, got 'high'");
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\", threshold = 1,"
                        + " severity = error } ]"))
        .hasMessage("Cannot read gate 'x': severity must be one of warn, fail, got 'error'");
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\", threshold = 1,"
                        + " where { model = a } } ]"))
        .hasMessage(
            "Cannot read gate 'x': where.model is not a tag; use one of scope, category, generator,"
                + " depth, origin");
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\", threshold = 1,"
                        + " treshold = 2 } ]"))
        .hasMessageStartingWith("Cannot read gate 'x': treshold is not a gate field");
    assertThatThrownBy(
            () -> parse("synthmix.gates = [ { metric = \"coverage.synthetic_share\", comparator = \"<\", threshold = 1 } ]"))
        .hasMessage("Cannot read gate #1: name is missing");
    assertThatThrownBy(
            () ->
                parse(
                    "synthmix.gates = [ { name = x, metric = \"coverage.synthetic_share\", comparator = \"<\", threshold = 1"
                        + " }, { name = x, metric = \"dup.leakage_rate\", comparator = \"<\", threshold = 1 } ]"))
        .hasMessage("Cannot read gate 'x': the name is used twice");
    assertThatThrownBy(() -> parse("synthmix.gates = 3"))
        .hasMessageStartingWith("Cannot read synthmix.gates: must be a list of objects");
  }

  @Test
  void noGatesConfiguredIsAnEmptyList() {
    assertThat(GateSpec.listFromConfig(ConfigFactory.parseString("a = 1"))).isEmpty();
  }
}
