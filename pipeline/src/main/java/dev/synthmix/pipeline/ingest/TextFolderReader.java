package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.schema.RawRecords;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A folder of {@code .txt} files: one document per file, category = the name of the folder that
 * holds the file (files directly in the root have none). Records carry no id: ids are derived.
 */
final class TextFolderReader implements SourceReader {

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec, InputFiles files, RecordLimits limits) {
    Dataset<Row> in =
        spark.read()
            .format("binaryFile")
            .option("pathGlobFilter", "*.txt")
            .option("recursiveFileLookup", "true")
            .load(files.roots().toArray(new String[0]))
            .select("path", "content");
    JavaRDD<Row> rows =
        in.javaRDD()
            .map(
                r -> {
                  String file = r.getString(0);
                  byte[] bytes = (byte[]) r.get(1);
                  String rel = files.relative(file);
                  int slash = rel.lastIndexOf('/');
                  String category = null;
                  if (slash > 0) {
                    String dir = rel.substring(0, slash);
                    category = dir.substring(dir.lastIndexOf('/') + 1);
                  }
                  if (bytes.length > limits.maxTextBytes()) {
                    return RawRow.of(
                        spec.name(), file, rel, 0L, RawRecords.KIND_FILE, null, null, null, null,
                        limits.tooLarge("file", bytes.length), RawRow.preview(bytes), null);
                  }
                  String text = RawRow.stripBom(RawRow.decodeStrict(bytes, bytes.length));
                  if (text == null) {
                    return RawRow.of(
                        spec.name(), file, rel, 0L, RawRecords.KIND_FILE, null, null, null, null,
                        "invalid UTF-8: the file is not UTF-8 text", RawRow.decodeLenient(bytes, bytes.length), bytes);
                  }
                  return RawRow.of(
                      spec.name(), file, rel, 0L, RawRecords.KIND_FILE, null, text,
                      category == null ? null : java.net.URLDecoder.decode(category.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8),
                      null, null, null, null);
                });
    return spark.createDataFrame(rows, RawRecords.SCHEMA).unionByName(emptyFiles(spark, spec, files));
  }

  /**
   * Spark's file sources skip zero-length files: listed here, so an empty .txt file is a record
   * (refused as empty text) rather than one that silently never existed.
   */
  private static Dataset<Row> emptyFiles(SparkSession spark, SourceSpec spec, InputFiles files) {
    java.util.List<Row> rows = new java.util.ArrayList<>();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      for (String root : files.roots()) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root);
        var it = path.getFileSystem(hadoop).listFiles(path, true);
        while (it.hasNext()) {
          var f = it.next();
          String name = f.getPath().getName();
          if (f.getLen() == 0 && name.endsWith(".txt") && !name.startsWith(".") && !name.startsWith("_")) {
            String file = f.getPath().toString();
            rows.add(RawRow.of(spec.name(), file, files.relative(file), 0L, RawRecords.KIND_FILE, null, "", null,
                null, null, null, null));
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return spark.createDataFrame(rows, RawRecords.SCHEMA);
  }
}
