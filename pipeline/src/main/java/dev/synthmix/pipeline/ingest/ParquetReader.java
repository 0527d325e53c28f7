package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.RawRecords;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Parquet: position = the row's index within its file (Spark's {@code _metadata.row_index}). */
final class ParquetReader implements SourceReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    Dataset<Row> in;
    try {
      // mergeSchema: files whose columns drift (one more, one fewer) are read with the union of
      // their columns; otherwise Spark takes one file's columns and reads the others' as null.
      in = spark.read()
          .option("recursiveFileLookup", "true")
          .option("pathGlobFilter", "*.parquet")
          .option("mergeSchema", "true")
          .parquet(files.roots().toArray(new String[0]));
    } catch (Exception e) {
      // Spark's AnalysisException/SparkException are undeclared: files whose column types disagree.
      throw new SynthmixException(ExitCode.INPUT_REFUSED, "Cannot read source '" + spec.name()
          + "': its Parquet files cannot be read as one table (" + messages(e)
          + "). Ingest the files with differing column types as separate sources. Nothing was written.", e);
    }
    in = in.withColumn("_synthmix_file", col("_metadata.file_path"))
            .withColumn("_synthmix_pos", col("_metadata.row_index"));
    return ColumnarReaders.toRaw(in, spec, files, "_synthmix_file", "_synthmix_pos", RawRecords.KIND_ROW_INDEX, null);
  }

  /** Spark's messages down the cause chain, on one line: the last one names the conflicting types. */
  private static String messages(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 2000; t = t.getCause()) {
      out.append(out.length() > 0 ? "; " : "").append(String.valueOf(t.getMessage()).replaceAll("\\s+", " "));
    }
    return out.toString();
  }
}
