package dev.synthmix.pipeline.diversity;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Measurement, not a test: the sketch-based {@link Diversity} against the exact {@link
 * ExactDiversity} on a mix of N documents (default 100,000) built from the embedded corpus, half
 * real (pairs of passages), half synthetic from three made-up generators at depths 1–3 (echo:
 * fewer words repeated; splice: halves of two passages; trim: the first 100/depth words). Prints
 * the wall time of each (same data, same session, one after the other) and, per metric, the
 * largest and mean relative error over all groups. Run by {@code scripts/diversity-error.sh}.
 */
public final class DiversityErrorMeasure {

  private DiversityErrorMeasure() {}

  public static void main(String[] args) {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("diversity-error")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    try {
      run(spark, documents);
    } finally {
      spark.stop();
    }
  }

  static void run(SparkSession spark, int documents) {
    String corpus =
        Objects.requireNonNull(DiversityErrorMeasure.class.getResource("/corpus/sotu.jsonl.bz2"))
            .toString();
    Dataset<Row> passages =
        spark
            .read()
            .schema("id STRING, text STRING, category STRING")
            .json(corpus)
            // A test-scope script: the corpus is small, one window to number it is fine.
            .withColumn("_i", row_number().over(Window.orderBy("id")).minus(1))
            .cache();
    long n = passages.count();
    Dataset<Row> a = passages.select(col("_i").as("_a"), col("text").as("_ta"), col("category"));
    Dataset<Row> b = passages.select(col("_i").as("_b"), col("text").as("_tb"));
    Dataset<Row> pairs =
        spark
            .range(documents)
            .withColumn("_a", pmod(col("id"), lit(n)))
            .withColumn("_b", pmod(col("id").multiply(7919).plus(13), lit(n)))
            .join(a, "_a")
            .join(b, "_b");
    Column half = size(split(col("_ta"), " ")).divide(2).cast("int");
    Column wordsA = split(col("_ta"), " ");
    Column generatorIndex = pmod(col("id"), lit(3));
    Column depth = pmod(col("id").divide(3).cast("long"), lit(3)).plus(1).cast("int");
    Column echo =
        array_join(
            flatten(array_repeat(slice(wordsA, lit(1), lit(60).divide(depth).cast("int")), depth)),
            " ");
    Column splice =
        concat_ws(
            " ",
            slice(wordsA, lit(1), half),
            slice(split(col("_tb"), " "), half.plus(1), lit(100000)));
    Column trim = array_join(slice(wordsA, lit(1), lit(100).divide(depth).cast("int")), " ");
    Column isReal = pmod(col("id"), lit(2)).equalTo(0);
    Dataset<Row> mix =
        pairs
            .select(
                concat(lit("d-"), col("id").cast("string")).as(TrainingMix.DOC_ID),
                when(isReal, lit(TrainingMix.ORIGIN_REAL))
                    .otherwise(lit(TrainingMix.ORIGIN_SYNTHETIC))
                    .as(TrainingMix.ORIGIN),
                col("category").as(TrainingMix.CATEGORY),
                when(isReal, concat_ws(" ", col("_ta"), col("_tb")))
                    .otherwise(
                        when(generatorIndex.equalTo(0), echo)
                            .when(generatorIndex.equalTo(1), splice)
                            .otherwise(trim))
                    .as(TrainingMix.TEXT),
                lit("").as(TrainingMix.TEXT_HASH),
                lit("measure").as(TrainingMix.SOURCE),
                when(isReal, lit(null).cast("string"))
                    .otherwise(
                        when(generatorIndex.equalTo(0), lit("echo"))
                            .when(generatorIndex.equalTo(1), lit("splice"))
                            .otherwise(lit("trim")))
                    .as(TrainingMix.GENERATOR),
                when(isReal, lit(0)).otherwise(depth).as(TrainingMix.DEPTH))
            .repartition(8)
            .cache();
    long count = mix.count();
    DiversitySettings settings = DiversitySettings.fromConfig(ConfigFactory.load());
    System.out.printf("documents %d (passages %d), settings %s%n", count, n, settings);

    long t0 = System.nanoTime();
    List<Row> exactRows = new ExactDiversity(settings).measure(mix).collectAsList();
    double exactSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    List<Row> sketchRows = new Diversity(settings).measure(mix).collectAsList();
    double sketchSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "exact (old) %.1f s, sketch (new) %.1f s, groups %d%n",
        exactSeconds, sketchSeconds, exactRows.size());

    Map<String, Row> sketched = new HashMap<>();
    for (Row r : sketchRows) {
      sketched.put(key(r), r);
    }
    System.out.println("metric\tgroups\tmax_rel_error\tmean_rel_error\tworst_group");
    for (String metric : DiversityTable.METRICS) {
      double max = 0;
      double sum = 0;
      int groups = 0;
      String worst = "";
      for (Row want : exactRows) {
        Row got = sketched.get(key(want));
        Object w = want.getAs(metric);
        Object g = got == null ? null : got.getAs(metric);
        if (w == null || g == null) {
          if (w != g) {
            System.out.printf("  %s: null mismatch in %s (exact %s, sketch %s)%n", metric, key(want), w, g);
          }
          continue;
        }
        double wv = ((Number) w).doubleValue();
        double gv = ((Number) g).doubleValue();
        double rel = wv == 0 ? Math.abs(gv) : Math.abs(gv - wv) / Math.abs(wv);
        groups++;
        sum += rel;
        if (rel > max) {
          max = rel;
          worst = key(want) + " " + wv + " vs " + gv;
        }
      }
      System.out.printf(
          "%s\t%d\t%.5f\t%.5f\t%s%n", metric, groups, max, groups == 0 ? 0 : sum / groups, worst);
    }
  }

  private static String key(Row r) {
    return r.getAs(DiversityTable.ORIGIN)
        + "/"
        + r.getAs(DiversityTable.GENERATOR)
        + "/"
        + r.getAs(DiversityTable.DEPTH)
        + "/"
        + r.getAs(DiversityTable.CATEGORY);
  }
}
