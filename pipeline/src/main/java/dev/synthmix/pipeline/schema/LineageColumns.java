package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code lineage} struct of every {@code docs_synthetic} row (contract: DESIGN.md): what made
 * the row, from which seed table version, at which generation depth.
 */
public final class LineageColumns {

  private LineageColumns() {}

  public static final String GENERATOR = "generator";
  public static final String GENERATOR_NAME = "name";
  public static final String GENERATOR_MODEL = "model";
  public static final String GENERATOR_VERSION = "version";
  public static final String GENERATOR_PARAMETERS = "parameters";
  public static final String PROMPT_ID = "prompt_id";
  public static final String PROMPT_HASH = "prompt_hash";
  public static final String SEED_TABLE = "seed_table";
  /** Delta version of the seed table the generator read. */
  public static final String SEED_VERSION = "seed_version";
  /** The seed documents this record was derived from, when the generator says. */
  public static final String SEED_DOC_IDS = "seed_doc_ids";
  /** 1 = made from real data; d+1 = made from a depth-d synthetic set. */
  public static final String DEPTH = "depth";
  public static final String PARENT_SET = "parent_set";
  public static final String SET_ID = "set_id";
  public static final String GENERATION_RUN_ID = "generation_run_id";
  public static final String GENERATED_AT = "generated_at";

  public static final StructType GENERATOR_TYPE =
      new StructType()
          .add(GENERATOR_NAME, DataTypes.StringType, false)
          .add(GENERATOR_MODEL, DataTypes.StringType, false)
          .add(GENERATOR_VERSION, DataTypes.StringType, false)
          .add(GENERATOR_PARAMETERS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true);

  public static final StructType TYPE =
      new StructType()
          .add(GENERATOR, GENERATOR_TYPE, false)
          .add(PROMPT_ID, DataTypes.StringType, true)
          .add(PROMPT_HASH, DataTypes.StringType, true)
          .add(SEED_TABLE, DataTypes.StringType, false)
          .add(SEED_VERSION, DataTypes.LongType, false)
          .add(SEED_DOC_IDS, DataTypes.createArrayType(DataTypes.StringType), true)
          .add(DEPTH, DataTypes.IntegerType, false)
          .add(PARENT_SET, DataTypes.StringType, true)
          .add(SET_ID, DataTypes.StringType, false)
          .add(GENERATION_RUN_ID, DataTypes.StringType, false)
          .add(GENERATED_AT, DataTypes.TimestampType, false);

  /** Path of a lineage field from the table's root, e.g. {@code lineage.depth}. */
  public static String path(String field) {
    return Documents.LINEAGE + "." + field;
  }

  public static final StructType SYNTHETIC_SCHEMA = Documents.BASE_SCHEMA.add(Documents.LINEAGE, TYPE, false);
}
