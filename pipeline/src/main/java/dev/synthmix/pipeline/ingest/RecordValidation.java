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
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.RawRecords;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Decides, for each raw record, whether it is a document or why it is refused, and gives each
 * document its id. Pure: raw records in, the same rows plus {@link #DOC_ID} and {@link #REASON}
 * (null for a good record) out. Nothing is dropped here.
 */
public final class RecordValidation {

  private RecordValidation() {}

  public static final String DOC_ID = "doc_id";
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
    // An id the input did not carry is derived from where the record is: stable across reruns and
    // across machines, because the file is named relative to its input root.
    Column derivedId =
        concat(
            col(RawRecords.SOURCE), lit(":"),
            substring(sha2(concat_ws("\u0000", col(RawRecords.SOURCE), col(RawRecords.REL_FILE),
                col(RawRecords.POSITION).cast("string")), 256), 1, 20));
    Dataset<Row> checked =
        raw.withColumn(REASON, reason).withColumn(DOC_ID, when(col(REASON).isNull(), coalesce(id, derivedId)));
    // A repeated id: the first record (by source, file, position) keeps it, later ones are refused.
    WindowSpec byId =
        Window.partitionBy(coalesce(col(DOC_ID), concat_ws("\u0000", col(RawRecords.FILE), col(RawRecords.POSITION))))
            .orderBy(col(RawRecords.SOURCE), col(RawRecords.FILE), col(RawRecords.POSITION));
    Column firstSource = first(col(RawRecords.SOURCE)).over(byId);
    Column firstFile = first(col(RawRecords.REL_FILE)).over(byId);
    Column firstPos = first(col(RawRecords.POSITION)).over(byId);
    Column rank = row_number().over(byId);
    Column duplicate =
        concat(lit("duplicate id '"), col(DOC_ID), lit("': first seen in source '"), firstSource,
            lit("' file "), firstFile, lit(" at "), firstPos.cast("string"));
    return checked
        .withColumn(REASON, when(col(DOC_ID).isNotNull().and(rank.gt(1)), duplicate).otherwise(col(REASON)))
        .withColumn(DOC_ID, when(col(REASON).isNull(), col(DOC_ID)));
  }
}
