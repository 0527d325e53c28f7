package dev.synthmix.pipeline.ingest;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Where validated documents go.
 *
 * @param table {@code docs_real} or {@code docs_synthetic}
 * @param schema the table's full schema
 * @param addColumns adds the table's own columns (e.g. {@code lineage}) to the base document rows
 * @param properties {@code synthmix.*} properties of a new table
 * @param commitMetadata extra fields of the data commit's user metadata (e.g. the generator)
 */
public record IngestTarget(String table, StructType schema, UnaryOperator<Dataset<Row>> addColumns,
    Map<String, String> properties, Map<String, Object> commitMetadata) {}
