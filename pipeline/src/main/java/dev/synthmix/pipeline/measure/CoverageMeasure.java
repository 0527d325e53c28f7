package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.coverage.Coverage;
import dev.synthmix.pipeline.coverage.CoverageSettings;
import dev.synthmix.pipeline.metrics.MetricsLong;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Coverage per category × generator and its summary per generator, from the mix profile alone. */
public final class CoverageMeasure implements Measure {

  public static final String COVERAGE = "coverage";
  public static final String COVERAGE_SUMMARY = "coverage_summary";

  private final Coverage coverage;

  public CoverageMeasure(CoverageSettings settings) {
    this.coverage = new Coverage(settings);
  }

  @Override
  public String stage() {
    return "audit-coverage";
  }

  @Override
  public String description() {
    return "coverage per category and generator";
  }

  @Override
  public List<Output> outputs(MeasureInput input) {
    Coverage.Result result = coverage.fromProfile(input.profile().bySlice());
    return List.of(
        new Output(COVERAGE, result.table(), "coverage per category x generator"),
        new Output(COVERAGE_SUMMARY, result.summary(), "coverage summary per generator"));
  }

  @Override
  public Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored) {
    return MetricsLong.fromCoverage(new Coverage.Result(stored.get(COVERAGE), stored.get(COVERAGE_SUMMARY)));
  }
}
