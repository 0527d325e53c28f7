package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.RawRecords;
import dev.synthmix.pipeline.text.ContentHash;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Decides, for each raw record, whether it is a document or why it is refused, and gives each
 * document its warehouse-wide key (see {@link Documents}). Pure: raw records in, the same rows plus
 * {@link #DOC_ID}, {@link #TEXT_HASH} and {@link #REASON} (null for a good record) out. Nothing is
 * dropped here.
 */
public final class RecordValidation {

  private RecordValidation() {}

  public static final String DOC_ID = "doc_id";
  /** text_hash of an accepted record's text (null when refused): computed once, here. */
  public static final String TEXT_HASH = "text_hash";

  private static final UDF1<String, String> HASH = ContentHash::of;
  /** Why the record is refused; null when it is accepted. */
  public static final String REASON = "reason";

  /**
   * @param limits longer or larger texts are refused (never truncated)
   */
  public static Dataset<Row> apply(Dataset<Row> raw, RecordLimits limits) {
    long maxTextChars = limits.maxTextChars();
    Column text = col(RawRecords.RAW_TEXT);
    Column category = col(RawRecords.RAW_CATEGORY);
    Column id = col(RawRecords.RAW_ID);
    Column reason =
        when(col(RawRecords.ERROR).isNotNull(), col(RawRecords.ERROR))
            .when(text.isNull(), lit("missing text: the text field is absent or null"))
            .when(length(text).equalTo(0), lit("empty text"))
            .when(length(trim(text, " \t\n\r\f\u000b\u00a0\u2028\u2029\u3000")).equalTo(0), lit("empty text: only white space"))
            .when(length(text).gt(maxTextChars), concat(lit("text too long: "), length(text).cast("string"),
                lit(" characters, more than synthmix.ingest.max-text-chars = " + maxTextChars)))
            .when(octet_length(text).gt(limits.maxTextBytes()), concat(lit("text too large: "),
                octet_length(text).cast("string"),
                lit(" bytes of UTF-8, more than synthmix.ingest.max-text-bytes = " + limits.maxTextBytes())))
            .when(text.contains("\u0000"), lit("text contains NUL characters (binary data?)"))
            .when(category.isNull().or(trim(category).equalTo("")),
                lit("missing category: set fields.category or default-category for this source"))
            .when(category.rlike("\\p{Cntrl}"), lit("category contains control characters"))
            .when(length(category).gt(200), lit("category longer than 200 characters"))
            .when(id.isNotNull().and(trim(id).equalTo("")), lit("empty id"))
            .when(length(id).gt(512), lit("id longer than 512 characters"));
    Dataset<Row> checked = raw.withColumn(REASON, reason);
    checked = checked.withColumn(TEXT_HASH,
        when(col(REASON).isNull(), functions.udf(HASH, DataTypes.StringType).apply(text)));
    // An id the input did not carry is derived from the content, not from where the record is:
    // the source, the normalised text's hash and the occurrence number of that text in the source
    // (by file and position). Editing a file above a record, recompressing it or compacting a
    // Parquet dataset keeps the id; only identical texts are numbered, so their order matters only
    // among themselves.
    Column derived = col(REASON).isNull().and(id.isNull());
    WindowSpec byText =
        Window.partitionBy(when(derived, concat_ws("\u0000", col(RawRecords.SOURCE), col(TEXT_HASH)))
                .otherwise(concat_ws("\u0000", col(RawRecords.FILE), col(RawRecords.POSITION))))
            .orderBy(col(RawRecords.REL_FILE), col(RawRecords.POSITION), col(RawRecords.FILE));
    Column derivedId = concat(col(RawRecords.SOURCE), lit(Documents.DERIVED_ID_SEPARATOR), col(TEXT_HASH), lit("-"),
        row_number().over(byText).cast("string"));
    Column inputKey = concat(col(RawRecords.SOURCE), lit(Documents.INPUT_ID_SEPARATOR), id);
    checked = checked.withColumn(DOC_ID, when(col(REASON).isNull(), when(derived, derivedId).otherwise(inputKey)));
    // A repeated id within a source: the first record (by file and position) keeps it, later ones
    // are refused. Other sources cannot collide: their keys have another namespace.
    WindowSpec byId =
        Window.partitionBy(coalesce(col(DOC_ID), concat_ws("\u0000", col(RawRecords.FILE), col(RawRecords.POSITION))))
            .orderBy(col(RawRecords.REL_FILE), col(RawRecords.POSITION), col(RawRecords.FILE));
    Column firstFile = first(col(RawRecords.REL_FILE)).over(byId);
    Column firstPos = first(col(RawRecords.POSITION)).over(byId);
    Column rank = row_number().over(byId);
    Column duplicate =
        concat(lit("duplicate id '"), id, lit("': first seen in source '"), col(RawRecords.SOURCE),
            lit("' file "), firstFile, lit(" at "), firstPos.cast("string"));
    return checked
        .withColumn(REASON, when(col(DOC_ID).isNotNull().and(rank.gt(1)), duplicate).otherwise(col(REASON)))
        .withColumn(DOC_ID, when(col(REASON).isNull(), col(DOC_ID)))
        .withColumn(TEXT_HASH, when(col(REASON).isNull(), col(TEXT_HASH)));
  }
}
