package dev.synthmix.jobs.commands;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints a result as TSV with a header: nested values as JSON, nulls as empty fields, and tab,
 * newline, carriage return and backslash escaped as \t \n \r \\ so every row is one line.
 */
final class Tsv {

  private Tsv() {}

  static long print(Dataset<Row> rows, PrintStream out) {
    StructField[] fields = rows.schema().fields();
    Column[] asText = Arrays.stream(fields).map(f -> {
      Column c = functions.col("`" + f.name().replace("`", "``") + "`");
      boolean nested = f.dataType() instanceof StructType || f.dataType() instanceof MapType || f.dataType() instanceof ArrayType;
      return (nested ? functions.to_json(c) : c.cast("string")).as(f.name());
    }).toArray(Column[]::new);
    out.println(String.join("\t", Arrays.stream(fields).map(f -> escape(f.name())).toArray(String[]::new)));
    long n = 0;
    Iterator<Row> it = rows.select(asText).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        if (i > 0) {
          line.append('\t');
        }
        line.append(r.isNullAt(i) ? "" : escape(r.getString(i)));
      }
      out.println(line);
      n++;
    }
    out.flush();
    return n;
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }
}
