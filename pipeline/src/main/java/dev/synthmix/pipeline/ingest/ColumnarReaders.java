package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.schema.RawRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shared mapping of a typed table (Parquet, CSV) onto raw records: field lookup, type checks and
 * the extra-columns map. Pure column expressions.
 */
final class ColumnarReaders {

  private ColumnarReaders() {}

  /**
   * Maps {@code in} (with columns {@code fileCol}, {@code posCol} and the source's fields) to raw
   * records. A field of the wrong type marks every row with an error rather than failing the run:
   * the rows land in the quarantine and the counts still reconcile.
   */
  static Dataset<Row> toRaw(
      Dataset<Row> in, SourceSpec spec, InputFiles files, String fileCol, String posCol, String positionKind,
      Column corruptError) {
    StructType schema = in.schema();
    FieldMapping textMapping = spec.textMapping();
    if (!textMapping.presentIn(schema)) {
      throw SynthmixException.refused("Cannot read source '" + spec.name() + "': it has no column '"
          + textMapping + "' (fields.text); its columns are " + Arrays.toString(Arrays.stream(schema.fieldNames())
              .filter(f -> !f.startsWith("_synthmix_")).toArray()) + ". Set fields.text for this source. Nothing was written.");
    }
    List<Column> errors = new ArrayList<>();
    if (corruptError != null) {
      errors.add(corruptError);
    }
    FieldMapping idMapping = spec.idMapping();
    FieldMapping categoryMapping = spec.categoryMapping();
    Column id = idMapping == null ? lit(null).cast("string") : idMapping.column(schema, FieldMapping.Kind.ID, errors);
    Column text = textMapping.column(schema, FieldMapping.Kind.TEXT, errors);
    Column category = categoryMapping == null ? lit(null).cast("string")
        : categoryMapping.column(schema, FieldMapping.Kind.CATEGORY, errors);
    Column error = functions.coalesce(errors.isEmpty() ? new Column[] {lit(null).cast("string")} : errors.toArray(new Column[0]));
    List<Column> keys = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    for (String c : spec.extraColumns()) {
      if (has(schema, c)) {
        keys.add(lit(c));
        values.add(col(quote(c)).cast("string"));
      }
    }
    Column extra = spec.extraColumns().isEmpty() ? lit(null).cast("map<string,string>")
        : functions.map_filter(map_from_arrays(array(keys.toArray(new Column[0])), array(values.toArray(new Column[0]))), (k, v) -> v.isNotNull());
    Column[] userCols = Arrays.stream(schema.fieldNames()).filter(f -> !f.startsWith("_synthmix_")).map(f -> col(quote(f))).toArray(Column[]::new);
    RelativeFile rel = new RelativeFile(files);
    return in.select(
        lit(spec.name()).as(RawRecords.SOURCE),
        col(fileCol).as(RawRecords.FILE),
        functions.udf(rel, DataTypes.StringType).apply(col(fileCol)).as(RawRecords.REL_FILE),
        col(posCol).cast("long").as(RawRecords.POSITION),
        lit(positionKind).as(RawRecords.POSITION_KIND),
        when(error.isNull(), id).as(RawRecords.RAW_ID),
        when(error.isNull(), text).as(RawRecords.RAW_TEXT),
        when(error.isNull(), category).as(RawRecords.RAW_CATEGORY),
        when(error.isNull(), extra).as(RawRecords.EXTRA),
        error.as(RawRecords.ERROR),
        to_json(struct(userCols)).as(RawRecords.RAW),
        lit(null).cast("binary").as(RawRecords.RAW_BYTES));
  }

  static boolean has(StructType schema, String name) {
    return Arrays.stream(schema.fields()).map(StructField::name).anyMatch(name::equals);
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** file URI → name relative to its input root. */
  static final class RelativeFile implements org.apache.spark.sql.api.java.UDF1<String, String> {
    private final InputFiles files;

    RelativeFile(InputFiles files) {
      this.files = files;
    }

    @Override
    public String call(String file) {
      return files.relative(file);
    }
  }
}
