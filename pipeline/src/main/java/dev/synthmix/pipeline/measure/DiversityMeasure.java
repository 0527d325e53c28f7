package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.diversity.Collapse;
import dev.synthmix.pipeline.diversity.DiversitySettings;
import dev.synthmix.pipeline.metrics.MetricsLong;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Diversity per origin × generator × depth × category and the collapse indicators per generator
 * and depth, from one pass over the sliced mix; the category sets and sizes of each lineage come
 * from the mix profile.
 */
public final class DiversityMeasure implements Measure {

  public static final String DIVERSITY = "diversity";
  public static final String COLLAPSE = "collapse";

  private final Collapse collapse;

  public DiversityMeasure(DiversitySettings settings) {
    this.collapse = new Collapse(settings);
  }

  @Override
  public String stage() {
    return "audit-diversity";
  }

  @Override
  public String description() {
    return "diversity per origin, generator, depth and category; collapse indicators per generator and depth";
  }

  @Override
  public List<Output> outputs(MeasureInput input) {
    Collapse.Measured measured = collapse.measure(input.sliced(), input.profile().bySlice());
    return List.of(
        new Output(DIVERSITY, measured.diversity(), "diversity per origin x generator x depth x category"),
        new Output(COLLAPSE, measured.collapse(), "collapse indicators: ratio to real per generator and depth"));
  }

  @Override
  public Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored) {
    return MetricsLong.fromDiversity(stored.get(DIVERSITY)).unionByName(MetricsLong.fromCollapse(stored.get(COLLAPSE)));
  }
}
