package dev.synthmix.pipeline.measure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.synthmix.pipeline.mix.MixSlice;
import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The shared scan of a training mix: one job counts documents per origin × generator × depth ×
 * category × slice, and every measure or gate that needs only group sizes reads these few rows
 * (bounded by lineages × categories × slices, not by documents) instead of scanning the mix.
 *
 * <p>The rows are collected once and served as small local relations: {@link #byCategory()} for
 * the documents' own categories (the gates' group sizes, duplicate tags), {@link #bySlice()} with
 * the audit's slice in the category column (coverage, diversity and collapse).
 */
public final class MixProfile {

  private static final String SLICE = "_slice";

  private final SparkSession spark;
  private final List<Row> byCategory;
  private final List<Row> bySlice;
  private final long documents;
  private final long synthetic;

  private MixProfile(SparkSession spark, List<Row> byCategory, List<Row> bySlice) {
    this.spark = spark;
    this.byCategory = List.copyOf(byCategory);
    this.bySlice = List.copyOf(bySlice);
    long all = 0;
    long syn = 0;
    for (Row r : byCategory) {
      long n = r.getLong(4);
      all += n;
      if (TrainingMix.ORIGIN_SYNTHETIC.equals(r.getString(0))) {
        syn += n;
      }
    }
    this.documents = all;
    this.synthetic = syn;
  }

  /** The profile of {@code mix} (shape {@link TrainingMix#SCHEMA}): one Spark job. */
  public static MixProfile of(Dataset<Row> mix, MixSlice slice) {
    mix.sparkSession().sparkContext().setJobDescription("profile: documents per origin, generator, depth, category");
    List<Row> rows =
        mix.withColumn(SLICE, slice.column())
            .groupBy(
                col(TrainingMix.ORIGIN),
                col(TrainingMix.GENERATOR),
                col(TrainingMix.DEPTH),
                col(TrainingMix.CATEGORY),
                col(SLICE))
            .agg(count(lit(1)))
            .collectAsList();
    return new MixProfile(mix.sparkSession(), summed(rows, 3), summed(rows, 4));
  }

  /** Documents in the mix. */
  public long documents() {
    return documents;
  }

  /** Synthetic documents in the mix. */
  public long syntheticDocuments() {
    return synthetic;
  }

  /** Documents per origin × generator × depth × category ({@link MixProfileTable#SCHEMA}). */
  public Dataset<Row> byCategory() {
    return spark.createDataFrame(byCategory, MixProfileTable.SCHEMA);
  }

  /** As {@link #byCategory()}, with the audit's slice (e.g. the language) as the category. */
  public Dataset<Row> bySlice() {
    return spark.createDataFrame(bySlice, MixProfileTable.SCHEMA);
  }

  /** Rows of (origin, generator, depth, category, slice, n) summed by the first three and column {@code key}. */
  private static List<Row> summed(List<Row> rows, int key) {
    Map<List<Object>, Long> sums = new LinkedHashMap<>();
    for (Row r : rows) {
      // Arrays.asList keeps nulls (a synthetic row without generator): List.of would refuse them.
      List<Object> group = Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(key));
      sums.merge(group, r.getLong(5), Long::sum);
    }
    List<Row> out = new ArrayList<>(sums.size());
    sums.forEach((g, n) -> out.add(RowFactory.create(g.get(0), g.get(1), g.get(2), g.get(3), n)));
    return out;
  }
}
