package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.RawRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * CSV with a header (quoted fields may hold newlines). Every column is read as a string; a record
 * whose shape does not fit the header is refused as malformed.
 *
 * <p>Position = the record's 1-based ordinal within its file. With multiLine a file is read in
 * order by one task, so ordering by Spark's row id within a file gives the file order (the id is
 * only used to order, never as an id).
 */
final class CsvReader implements SourceReader {

  static final String CORRUPT = "_synthmix_corrupt";

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    String[] roots = files.roots().toArray(new String[0]);
    StructType header = reader(spark, spec).csv(roots).schema();
    StructType schema = new StructType();
    for (String name : header.fieldNames()) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> in =
        reader(spark, spec)
            .schema(schema)
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .csv(roots)
            .withColumn("_synthmix_file", col("_metadata.file_path"))
            .withColumn("_synthmix_order", monotonically_increasing_id());
    in = in.withColumn(
        "_synthmix_pos",
        row_number().over(Window.partitionBy("_synthmix_file").orderBy("_synthmix_order")));
    return ColumnarReaders.toRaw(
        in.drop("_synthmix_order"), spec, files, "_synthmix_file", "_synthmix_pos", RawRecords.KIND_RECORD,
        when(col(CORRUPT).isNotNull(), lit("malformed CSV record: its fields do not match the header")));
  }

  private static DataFrameReader reader(SparkSession spark, SourceSpec spec) {
    return spark.read().options(options(spec));
  }

  /** Spark CSV options of a source; the fuzz target parses with the same ones. */
  static Map<String, String> options(SourceSpec spec) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("header", String.valueOf(spec.csvHeader()));
    o.put("multiLine", "true");
    o.put("escape", "\"");
    o.put("sep", spec.csvDelimiter());
    o.put("recursiveFileLookup", "true");
    o.put("pathGlobFilter", "*.csv*");
    o.put("inferSchema", "false");
    return o;
  }
}
