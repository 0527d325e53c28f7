package dev.synthmix.pipeline.measure;

import dev.synthmix.pipeline.schema.RunMetricsTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One measure of the audit: the tables it derives from the shared input (the mix, its {@link
 * MixProfile}, the documents' features) and its long-format metric rows. {@link MeasureRun} runs a
 * list of them as stages, writes each output as the run date's slice and hands the stored slices
 * back for the metrics, so every table is computed once. Adding a measure is adding one class.
 */
public interface Measure {

  /** The stage name in logs, the run ledger and Spark's job groups. */
  String stage();

  /** What the stage does, in a few words. */
  String description();

  /**
   * The tables this measure derives, in write order. Pure: nothing is computed until a table is
   * written.
   */
  List<Output> outputs(MeasureInput input);

  /**
   * This run's metric rows ({@link RunMetricsTable#SCHEMA}, long format).
   *
   * @param stored this run date's stored rows of each output, by table name
   */
  Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored);

  /** One derived table: its name in the warehouse, its rows and its description (a table property). */
  record Output(String table, Dataset<Row> rows, String description) {}
}
