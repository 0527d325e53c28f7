package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.RawRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV with a header (quoted fields may hold newlines). Every column is read as a string; a record
 * whose shape does not fit the header is refused as malformed.
 *
 * <p>Position = the record's 1-based ordinal within its file. With multiLine a file is read in
 * order by one task, so ordering by Spark's row id within a file gives the file order (the id is
 * only used to order, never as an id).
 */
final class CsvReader implements SourceReader {

  private static final Logger LOG = LoggerFactory.getLogger(CsvReader.class);

  static final String CORRUPT = "_synthmix_corrupt";

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    Dataset<Row> in = null;
    for (List<String> group : byHeader(spark, spec, files)) {
      Dataset<Row> one = readFiles(spark, spec, group.toArray(new String[0]));
      in = in == null ? one : in.unionByName(one, true);
    }
    in = in.withColumn(
        "_synthmix_pos",
        row_number().over(Window.partitionBy("_synthmix_file").orderBy("_synthmix_order")));
    return ColumnarReaders.toRaw(
        in.drop("_synthmix_order"), spec, files, "_synthmix_file", "_synthmix_pos", RawRecords.KIND_RECORD,
        when(col(CORRUPT).isNotNull(), lit("malformed CSV record: its fields do not match the header")));
  }

  /** Files (or roots) read with one header: Spark maps columns by position within one read. */
  private static Dataset<Row> readFiles(SparkSession spark, SourceSpec spec, String[] paths) {
    StructType header = reader(spark, spec).csv(paths).schema();
    StructType schema = new StructType();
    for (String name : header.fieldNames()) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    return reader(spark, spec)
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(paths)
        .withColumn("_synthmix_file", col("_metadata.file_path"))
        .withColumn("_synthmix_order", monotonically_increasing_id());
  }

  /**
   * The input split into groups of files with the same header line. Spark takes one file's header
   * for a whole read and applies it by position, so files of one source whose columns come in
   * another order would be read misaligned without an error; each group is read by its own header
   * and the groups are joined by column name (a column a group lacks is null there, and its records
   * are quarantined if it is a required field). One group (the usual case) reads the roots as given.
   */
  static List<List<String>> byHeader(SparkSession spark, SourceSpec spec, InputFiles files) {
    if (!spec.csvHeader()) {
      return List.of(files.roots());
    }
    var hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    try {
      for (String root : files.roots()) {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(hadoop);
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootPath, true);
        while (it.hasNext()) {
          Path f = it.next().getPath();
          String name = f.getName();
          if (name.startsWith(".") || name.startsWith("_") || !name.contains(".csv")) {
            continue;
          }
          groups.computeIfAbsent(firstLine(fs, f, hadoop), k -> new ArrayList<>()).add(f.toString());
        }
      }
    } catch (IOException e) {
      throw SynthmixException.refused("Cannot read the CSV headers of source '" + spec.name() + "': " + e.getMessage()
          + ". Nothing was written.");
    }
    if (groups.size() <= 1) {
      return List.of(files.roots());
    }
    LOG.info("source {}: {} different CSV headers, each file read by its own: {}", spec.name(), groups.size(),
        groups.keySet());
    return new ArrayList<>(groups.values());
  }

  private static String firstLine(FileSystem fs, Path f, Configuration hadoop) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(f);
    try (InputStream raw = fs.open(f);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = r.readLine();
      return line == null ? "" : RawRow.stripBom(line).strip();
    }
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
