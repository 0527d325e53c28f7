package dev.synthmix.jobs.commands;

import dev.synthmix.pipeline.SynthmixException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints a query result on stdout in one of three formats, streaming rows from the executors (no
 * collect of the whole result):
 *
 * <ul>
 *   <li>{@code tsv}: a header, nested values as JSON, nulls as empty fields, and tab, newline,
 *       carriage return and backslash escaped as \t \n \r \\ so every row is one line;
 *   <li>{@code csv}: RFC 4180 (a header; a field with a comma, quote or line break quoted, quotes
 *       doubled), nested values as JSON, nulls as empty fields;
 *   <li>{@code json}: JSON Lines, one object per row as Spark's {@code to_json} writes it (nulls
 *       left out, nested values kept nested).
 * </ul>
 */
final class ResultPrinter {

  /** The output formats of {@code sql --format}. */
  enum Format {
    TSV,
    CSV,
    JSON;

    static Format parse(String name) {
      if (name == null) {
        return TSV;
      }
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw SynthmixException.usage(
            "Cannot run sql: unknown --format '" + name + "' (known: tsv, csv, json)");
      }
    }
  }

  private ResultPrinter() {}

  /** Prints {@code rows} and returns how many were printed. */
  static long print(Dataset<Row> rows, Format format, PrintStream out) {
    long n = format == Format.JSON ? printJson(rows, out) : printDelimited(rows, format, out);
    out.flush();
    return n;
  }

  private static long printJson(Dataset<Row> rows, PrintStream out) {
    Column all = functions.struct(Arrays.stream(rows.columns()).map(ResultPrinter::quoted).toArray(Column[]::new));
    Iterator<Row> it = rows.select(functions.to_json(all)).toLocalIterator();
    long n = 0;
    while (it.hasNext()) {
      out.println(it.next().getString(0));
      n++;
    }
    return n;
  }

  private static long printDelimited(Dataset<Row> rows, Format format, PrintStream out) {
    StructField[] fields = rows.schema().fields();
    Column[] asText = Arrays.stream(fields).map(f -> {
      Column c = quoted(f.name());
      boolean nested = f.dataType() instanceof StructType || f.dataType() instanceof MapType
          || f.dataType() instanceof ArrayType;
      return (nested ? functions.to_json(c) : c.cast("string")).as(f.name());
    }).toArray(Column[]::new);
    char separator = format == Format.CSV ? ',' : '\t';
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        header.append(separator);
      }
      header.append(field(fields[i].name(), format));
    }
    out.println(header);
    long n = 0;
    Iterator<Row> it = rows.select(asText).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        if (i > 0) {
          line.append(separator);
        }
        line.append(r.isNullAt(i) ? "" : field(r.getString(i), format));
      }
      out.println(line);
      n++;
    }
    return n;
  }

  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  private static String field(String s, Format format) {
    return format == Format.CSV ? csv(s) : escape(s);
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
