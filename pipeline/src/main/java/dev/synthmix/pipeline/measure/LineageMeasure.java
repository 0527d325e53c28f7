package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.lineage.LineageTrace;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Whether each synthetic row's lineage can be followed back to a readable seed (see {@link LineageTrace}). */
public final class LineageMeasure implements Measure {

  @Override
  public String stage() {
    return "audit-lineage";
  }

  @Override
  public String description() {
    return "lineage of the synthetic rows: present, parent set found, seed version readable";
  }

  @Override
  public List<Output> outputs(MeasureInput input) {
    return List.of();
  }

  @Override
  public Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored) {
    return input.synthetic() == null
        ? input.store().spark().createDataFrame(List.of(), RunMetricsTable.SCHEMA)
        : LineageTrace.metrics(input.store(), input.synthetic());
  }
}
