package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Table {@code runs}: one row per attempt of a run that wrote anything. A retry of a run id (e.g.
 * {@code nightly-<date>} after a failure) adds a row with the next {@link #ATTEMPT}; earlier
 * attempts stay.
 */
public final class Runs {

  private Runs() {}

  public static final String TABLE = "runs";

  public static final String RUN_ID = "run_id";
  public static final String COMMAND = "command";
  public static final String RUN_DATE = "run_date";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  /** ok, gate-failed or failed. */
  public static final String STATUS = "status";
  public static final String EXIT_CODE = "exit_code";
  public static final String MESSAGE = "message";
  public static final String GIT_SHA = "git_sha";
  public static final String SETTINGS_HASH = "settings_hash";
  public static final String GENERATORS = "generators";
  /** Table → Delta version read. */
  public static final String INPUT_VERSIONS = "input_versions";
  /** Table → the last Delta version this run wrote. */
  public static final String OUTPUT_VERSIONS = "output_versions";
  /** Named counts, e.g. ingest.read, ingest.quarantined. */
  public static final String COUNTS = "counts";
  /** 1 for a run id's first attempt, then 2, 3, ... (null on rows written before attempts were kept: 1). */
  public static final String ATTEMPT = "attempt";

  public static final StructType SCHEMA =
      new StructType()
          .add(RUN_ID, DataTypes.StringType, false)
          .add(COMMAND, DataTypes.StringType, false)
          .add(RUN_DATE, DataTypes.DateType, false)
          .add(STARTED_AT, DataTypes.TimestampType, false)
          .add(ENDED_AT, DataTypes.TimestampType, false)
          .add(STATUS, DataTypes.StringType, false)
          .add(EXIT_CODE, DataTypes.IntegerType, false)
          .add(MESSAGE, DataTypes.StringType, true)
          .add(GIT_SHA, DataTypes.StringType, true)
          .add(SETTINGS_HASH, DataTypes.StringType, true)
          .add(GENERATORS, DataTypes.createArrayType(DataTypes.StringType), true)
          .add(INPUT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add(OUTPUT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add(COUNTS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add(ATTEMPT, DataTypes.IntegerType, true);
}
