package dev.synthmix.pipeline.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session per test class, with Delta enabled, for JUnit 5.
 *
 * <p>spark-testing-base's Java base classes are JUnit 4; this holds an instance of one and drives
 * its lifecycle from {@code @BeforeAll}/{@code @AfterAll}:
 *
 * <pre>
 *   static final SparkTestSession SPARK = new SparkTestSession();
 *   &#64;BeforeAll static void start() { SPARK.start(); }
 *   &#64;AfterAll static void stop() { SPARK.stop(); }
 * </pre>
 *
 * <p>Tests run on tiny data, where a profile of a small audit spent a third of the executors' time
 * compiling generated code (Janino) for one-row tasks. By default these sessions evaluate
 * expressions interpreted and skip Delta's checksum files ({@link #SMALL_DATA}: the same results,
 * about a quarter less time per class). Delta's file statistics stay on: a replaceWhere's
 * {@code numOutputRows}, which the ledger reports, comes from them. A class over a real corpus
 * passes {@code true} to run with Spark's and Delta's defaults, as the launcher does; the jobs'
 * ITs pass {@link #SMALL_DATA} to the launcher, except LauncherIT.
 */
public final class SparkTestSession {

  /** Settings added for tiny data; none changes what a query returns. */
  public static final Map<String, String> SMALL_DATA = Map.of(
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN",
      "spark.databricks.delta.writeChecksumFile.enabled", "false");

  private final Base base;

  /** A session with the {@link #SMALL_DATA} settings. */
  public SparkTestSession() {
    this(false);
  }

  /** @param productionSettings Spark's and Delta's defaults (code generation, checksum files) */
  public SparkTestSession(boolean productionSettings) {
    this.base = new Base(productionSettings ? Map.of() : SMALL_DATA);
  }

  public void start() {
    base.runBefore();
  }

  public void stop() {
    JavaDataFrameSuiteBase.runAfterClass();
  }

  public SparkSession spark() {
    return base.spark();
  }

  /** Order-insensitive comparison of data (not nullability), as Delta reads back nullable columns. */
  public void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    base.assertDataFrameDataEquals(
        expected.orderBy(expected.columns()[0], sortRest(expected.columns())),
        actual.select(firstOf(expected.columns()), sortRest(expected.columns()))
            .orderBy(expected.columns()[0], sortRest(expected.columns())));
  }

  private static String firstOf(String[] columns) {
    return columns[0];
  }

  private static String[] sortRest(String[] columns) {
    String[] rest = new String[columns.length - 1];
    System.arraycopy(columns, 1, rest, 0, rest.length);
    return rest;
  }

  private static final class Base extends JavaDataFrameSuiteBase {
    private final Map<String, String> extra;

    Base(Map<String, String> extra) {
      this.extra = extra;
    }

    @Override
    public boolean enableHiveSupport() {
      return false;
    }

    @Override
    public SparkConf conf() {
      SparkConf conf = super.conf();
      extra.forEach(conf::set);
      return conf
          .setMaster("local[2]")
          .set("spark.ui.enabled", "false")
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.default.parallelism", "2")
          .set("spark.sql.adaptive.enabled", "false")
          .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .set("spark.databricks.delta.snapshotPartitions", "2");
    }
  }
}
