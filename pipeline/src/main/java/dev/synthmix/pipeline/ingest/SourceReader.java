package dev.synthmix.pipeline.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads one source into rows of {@link dev.synthmix.pipeline.schema.RawRecords#SCHEMA}. */
public interface SourceReader {

  /**
   * @param limits a reader that sees raw bytes refuses records over {@link RecordLimits#maxTextBytes}
   *     before decoding them
   */
  Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits);

  /** The reader for a format. */
  static SourceReader of(Format format) {
    switch (format) {
      case JSONL:
        return new JsonlReader();
      case PARQUET:
        return new ParquetReader();
      case CSV:
        return new CsvReader();
      case TEXT:
        return new TextFolderReader();
      case TABLE:
        return new TableReader();
      default:
        throw new IllegalArgumentException("no reader for " + format);
    }
  }
}
