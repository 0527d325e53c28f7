package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.schema.RawRecords;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Parquet: position = the row's index within its file (Spark's {@code _metadata.row_index}). */
final class ParquetReader implements SourceReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files) {
    Dataset<Row> in =
        spark.read()
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.parquet")
            .parquet(files.roots().toArray(new String[0]))
            .withColumn("_synthmix_file", col("_metadata.file_path"))
            .withColumn("_synthmix_pos", col("_metadata.row_index"));
    return ColumnarReaders.toRaw(in, spec, files, "_synthmix_file", "_synthmix_pos", RawRecords.KIND_ROW_INDEX, null);
  }
}
