package dev.synthmix.pipeline.contamination;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.InputFiles;
import dev.synthmix.pipeline.ingest.RecordLimits;
import dev.synthmix.pipeline.ingest.SourceReader;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.TableSource;
import dev.synthmix.pipeline.schema.ContaminationTables;
import dev.synthmix.pipeline.schema.RawRecords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation items read with the same readers as corpora (JSONL, Parquet, CSV, text, table), never
 * written into the mix tables. An item keeps the id its record carried, or {@code file:position}
 * when it carried none.
 */
public final class BenchmarkItems {

  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkItems.class);

  public static final String TEXT = "text";

  /** benchmark, item_id, text. */
  public static final StructType SCHEMA =
      new StructType()
          .add(ContaminationTables.BENCHMARK, DataTypes.StringType, false)
          .add(ContaminationTables.ITEM_ID, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, false);

  /** Benchmarks are small; a text over these limits is not an evaluation item anyone wrote. */
  private static final RecordLimits LIMITS = new RecordLimits(10_000_000L, 64L * 1024 * 1024);

  private BenchmarkItems() {}

  /**
   * The readable items of every benchmark ({@link #SCHEMA}). Records that cannot be read or have
   * no text are counted and named in the log; a benchmark none of whose records is readable stops
   * the run, since checking against it would report a clean mix that was never checked.
   */
  public static Dataset<Row> read(SparkSession spark, List<SourceSpec> benchmarks) {
    Dataset<Row> all = null;
    for (SourceSpec b : benchmarks) {
      SourceSpec spec = b.format() == Format.TABLE ? TableSource.pin(spark, b) : b;
      InputFiles files = b.format() == Format.TABLE
          ? InputFiles.of(spec.paths()) : InputFiles.check(spec, spark.sparkContext().hadoopConfiguration());
      Dataset<Row> raw = SourceReader.of(spec.format()).read(spark, spec, files, LIMITS);
      Column text = col(RawRecords.RAW_TEXT);
      Column bad = col(RawRecords.ERROR).isNotNull().or(text.isNull()).or(trim(text).equalTo(""));
      Row counts = raw.agg(count(lit(1)), sum(when(bad, 1L).otherwise(0L)),
          first(when(bad, coalesce(col(RawRecords.ERROR), lit("no text"))), true)).first();
      long read = counts.getLong(0);
      long unreadable = counts.isNullAt(1) ? 0 : counts.getLong(1);
      if (read == unreadable) {
        throw SynthmixException.usage("Cannot check contamination against benchmark '" + b.name() + "': "
            + (read == 0 ? "its input " + b.paths() + " has no records"
                : "none of its " + read + " records has a readable text (first: " + counts.getString(2) + ")")
            + "; check its path, format and fields.text");
      }
      if (unreadable > 0) {
        LOG.warn("benchmark {}: {} of {} records not checked: no readable text (first: {})", b.name(), unreadable, read,
            counts.getString(2));
      }
      Dataset<Row> items = raw.where(not(bad)).select(
          lit(b.name()).as(ContaminationTables.BENCHMARK),
          coalesce(col(RawRecords.RAW_ID),
              concat(col(RawRecords.REL_FILE), lit(":"), col(RawRecords.POSITION).cast("string")))
              .as(ContaminationTables.ITEM_ID),
          text.as(TEXT));
      all = all == null ? items : all.unionByName(items);
    }
    if (all == null) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    return all;
  }

}
