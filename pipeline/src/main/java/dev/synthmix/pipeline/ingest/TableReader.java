package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import dev.synthmix.pipeline.schema.RawRecords;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A table as a source: a catalog table by name ({@code db.corpus}) or a Delta table by path, read
 * at the version {@link TableSource#pin} fixed. Each row's file is {@code <table>@v<version>} and
 * its position its ordinal in the read (ids derived from content do not depend on it).
 */
final class TableReader implements SourceReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    String table = spec.paths().get(0);
    DataFrameReader reader = spark.read();
    if (spec.tableVersion() != null) {
      reader = reader.option("versionAsOf", spec.tableVersion());
    }
    Dataset<Row> in = TableSource.isPath(table) ? reader.format("delta").load(table) : reader.table(table);
    in = in.withColumn("_synthmix_file", lit(TableSource.label(spec)))
        .withColumn("_synthmix_pos", monotonically_increasing_id());
    return ColumnarReaders.toRaw(in, spec, files, "_synthmix_file", "_synthmix_pos", RawRecords.KIND_RECORD, null);
  }
}
