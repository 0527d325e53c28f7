package dev.synthmix.pipeline.diversity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.mix.MixCounts;
import dev.synthmix.pipeline.schema.CollapseTable;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.MixProfileTable;
import dev.synthmix.pipeline.schema.Scala;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Model-collapse indicators: how each generator lineage's diversity compares with real data as
 * generation depth grows (1 = made from real, 2 and 3 = synthetic of synthetic).
 *
 * <p>The real side of each (generator, depth) is the real documents of exactly the categories that
 * group covers, measured with the same {@link Diversity} code, so that a generator covering only a
 * few categories is not compared with the whole corpus. The references and the equal-size draws
 * are measured in the same {@link Diversity} pass as the mix itself ({@link #measure}), so they
 * cost the tokenising of their documents, not a pass and a plan each.
 */
public final class Collapse {

  /** The origin given to the real reference documents while they are measured. */
  static final String ORIGIN_REFERENCE = "reference";

  /** The origin of a lineage's synthetic documents in the equal-size comparison. */
  static final String ORIGIN_EQUAL_SIZE_SYNTHETIC = "synthetic_equal_size";

  /** The origin of the real documents drawn to a lineage's size in the equal-size comparison. */
  static final String ORIGIN_EQUAL_SIZE_REFERENCE = "reference_equal_size";

  /**
   * The diversity metrics compared with real, in table order. Rare-category survival is left out:
   * the reference holds exactly the synthetic group's categories, so its ratio is always 1.
   */
  public static final List<String> METRICS =
      List.of(
          DiversityTable.DISTINCT_1,
          DiversityTable.DISTINCT_2,
          DiversityTable.DISTINCT_3,
          DiversityTable.ENTROPY_BITS,
          DiversityTable.TTR_SAMPLE,
          DiversityTable.DISTINCT_2_SAMPLE,
          DiversityTable.MEAN_DOC_TOKENS,
          DiversityTable.RARE_NGRAM_SURVIVAL);

  /**
   * Suffix of the metrics compared at equal size: {@code distinct_2_equal_size} is distinct-2 of
   * the lineage's documents against distinct-2 of as many real documents of its categories.
   */
  public static final String EQUAL_SIZE = "_equal_size";

  /**
   * The diversity metrics that grow or shrink with the number of documents, compared at equal size
   * (each named with {@link #EQUAL_SIZE}): a small set has fewer repeats, so its raw distinct-n
   * looks more diverse than the whole real corpus even when it is drawn from it.
   */
  public static final List<String> EQUAL_SIZE_METRICS =
      List.of(
          DiversityTable.VOCABULARY,
          DiversityTable.DISTINCT_1,
          DiversityTable.DISTINCT_2,
          DiversityTable.DISTINCT_3,
          DiversityTable.ENTROPY_BITS,
          DiversityTable.RARE_NGRAM_SURVIVAL);

  /** Salt of the sampling hash: fixed, so the same documents are drawn in every run. */
  static final String SAMPLE_SALT = "synthmix-collapse-sample-1";

  private static final List<String> LINEAGE = List.of("_lineage_generator", "_lineage_depth");
  private static final String SYN = "_syn_";
  private static final String REF = "_ref_";
  private static final String CATEGORY_SET = "_category_set";

  private final Diversity diversity;

  public Collapse(DiversitySettings settings) {
    this.diversity = new Diversity(settings);
  }

  /** The {@link CollapseTable} of {@code mix} (shape {@link TrainingMix#SCHEMA}). */
  public Dataset<Row> indicators(Dataset<Row> mix) {
    return measure(mix).collapse();
  }

  /**
   * The {@link DiversityTable} and the {@link CollapseTable} of one mix.
   *
   * @param diversity the diversity table (origins real and synthetic)
   * @param collapse the collapse indicators
   */
  public record Measured(Dataset<Row> diversity, Dataset<Row> collapse) {}

  /**
   * The {@link DiversityTable} and the {@link CollapseTable} of {@code mix}, from one {@link
   * Diversity} pass.
   *
   * <p>Each generator and depth is compared with the real documents of the categories it covers.
   * A lineage that covers every real category is compared with the real all-categories row; lineages
   * that cover the same smaller category set share one reference (the real documents of those
   * categories under the origin {@value #ORIGIN_REFERENCE}). The equal-size draws ride along under
   * origins of their own ({@value #ORIGIN_EQUAL_SIZE_SYNTHETIC}, {@value
   * #ORIGIN_EQUAL_SIZE_REFERENCE}). So the mix, the references and the draws are tokenised in one
   * pass with one plan, instead of one pass (and a few dozen query stages) each.
   *
   * <p>The measured rows are collected and both tables are small local relations built from them:
   * one row per group and category (bounded by lineages × categories, not by documents), and
   * neither table recomputes the pass when it is written.
   */
  public Measured measure(Dataset<Row> mix) {
    return measure(mix, MixCounts.of(mix));
  }

  /**
   * As {@link #measure(Dataset)}, with the lineages' category sets and sizes read off {@code
   * profile}: the mix's documents per origin × generator × depth × category ({@link
   * MixProfileTable#SCHEMA}, the audit's shared scan) instead of scans of the mix.
   */
  public Measured measure(Dataset<Row> mix, Dataset<Row> profile) {
    SparkSession spark = mix.sparkSession();
    if (profile.where(col(MixProfileTable.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC)).isEmpty()) {
      // No lineage to compare: the diversity of the real side alone, and no collapse rows.
      return new Measured(local(diversity.measure(mix, true)),
          spark.createDataFrame(List.of(), CollapseTable.SCHEMA));
    }
    Dataset<Row> categorySets =
        profile.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC))
            .groupBy(col(TrainingMix.GENERATOR).as("_lineage_generator"), col(TrainingMix.DEPTH).as("_lineage_depth"))
            .agg(concat_ws("|", sort_array(collect_set(col(TrainingMix.CATEGORY)))).as(CATEGORY_SET));
    Dataset<Row> realSet =
        profile.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL))
            .agg(concat_ws("|", sort_array(collect_set(col(TrainingMix.CATEGORY)))).as("_real_set"));
    // One row per lineage: collected once, so the joins below do not recompute it.
    Dataset<Row> withFull = local(categorySets.crossJoin(realSet)
        .withColumn("_full", col(CATEGORY_SET).equalTo(col("_real_set"))));
    Dataset<Row> full = withFull.where(col("_full"));
    Dataset<Row> partial = withFull.where(functions.not(col("_full")));
    boolean anyPartial = !partial.isEmpty();

    String[] columns = mix.columns();
    Dataset<Row> combined = mix.select(columns[0], rest(columns));
    if (anyPartial) {
      combined = combined.unionByName(partialReferences(mix, partial).select(columns[0], rest(columns)));
    }
    Dataset<Row> draws = equalSizeDraws(mix, profile)
        .withColumn(TrainingMix.ORIGIN,
            when(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC), lit(ORIGIN_EQUAL_SIZE_SYNTHETIC))
                .otherwise(lit(ORIGIN_EQUAL_SIZE_REFERENCE)));
    combined = combined.unionByName(draws.select(columns[0], rest(columns)));
    Dataset<Row> measured = local(diversity.measure(combined, true));

    Dataset<Row> table = measured.where(col(DiversityTable.ORIGIN)
        .isin(TrainingMix.ORIGIN_REAL, TrainingMix.ORIGIN_SYNTHETIC));
    Dataset<Row> realAll = measured.where(col(DiversityTable.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL)
        .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)));
    Dataset<Row> references = relabel(realAll.crossJoin(full), measured.columns());
    if (anyPartial) {
      Dataset<Row> refRows = measured.where(col(DiversityTable.ORIGIN).equalTo(ORIGIN_REFERENCE));
      references = references.unionByName(relabel(
          refRows.join(partial, refRows.col(DiversityTable.GENERATOR).equalTo(partial.col(CATEGORY_SET))),
          measured.columns()));
    }
    Dataset<Row> synthetic = measured.where(col(DiversityTable.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC));
    Dataset<Row> collapse = withRatios(
        longPairs(synthetic.unionByName(references), TrainingMix.ORIGIN_SYNTHETIC, ORIGIN_REFERENCE, METRICS, "")
            .unionByName(longPairs(measured, ORIGIN_EQUAL_SIZE_SYNTHETIC, ORIGIN_EQUAL_SIZE_REFERENCE,
                EQUAL_SIZE_METRICS, EQUAL_SIZE)));
    return new Measured(table, collapse);
  }

  /**
   * The real documents of each partial category set, under origin {@value #ORIGIN_REFERENCE},
   * generator = the set (categories joined by "|"), depth 0.
   */
  private static Dataset<Row> partialReferences(Dataset<Row> mix, Dataset<Row> partial) {
    Dataset<Row> setCategories =
        partial.select(col(CATEGORY_SET)).distinct()
            .select(col(CATEGORY_SET), explode(split(col(CATEGORY_SET), "\\|")).as("_set_category"));
    return mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL))
        .join(broadcast(setCategories), col(TrainingMix.CATEGORY).equalTo(col("_set_category")))
        .withColumn(TrainingMix.ORIGIN, lit(ORIGIN_REFERENCE))
        .withColumn(TrainingMix.GENERATOR, col(CATEGORY_SET))
        .withColumn(TrainingMix.DEPTH, lit(0))
        .drop(CATEGORY_SET, "_set_category");
  }

  /** The rows of {@code rows} as a local relation: computed once, read by every plan after. */
  private static Dataset<Row> local(Dataset<Row> rows) {
    return rows.sparkSession().createDataFrame(rows.collectAsList(), rows.schema());
  }

  /**
   * The mix for the equal-size comparison: all real documents (the reference of rare words and
   * novelty), and per lineage (generator, depth) its synthetic documents and the real documents of
   * its categories, the larger of the two drawn down to the size of the smaller. The draw keeps
   * the documents with the smallest salted xxHash64 of their doc id: fixed, so reruns agree, and
   * independent of the text. Only the candidates below a hash threshold a few standard deviations
   * above the target size are ranked, so a ranking window holds about as many rows as the smaller
   * side, never a whole corpus.
   */
  static Dataset<Row> equalSizeMix(Dataset<Row> mix) {
    String[] columns = mix.columns();
    return mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL))
        .select(columns[0], rest(columns))
        .unionByName(equalSizeDraws(mix, MixCounts.of(mix)));
  }

  /**
   * The drawn part of {@link #equalSizeMix}: per lineage, its synthetic documents (origin
   * synthetic) and the real documents of its categories (origin {@value #ORIGIN_REFERENCE}, under
   * the lineage's generator and depth), the larger side drawn down to the smaller.
   */
  static Dataset<Row> equalSizeDraws(Dataset<Row> mix, Dataset<Row> profile) {
    Column u = xxhash64(lit(SAMPLE_SALT), col(TrainingMix.DOC_ID))
        .bitwiseAND(lit((1L << 53) - 1)).cast("double").divide(lit((double) (1L << 53)));
    Dataset<Row> synthetic = mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC))
        .withColumn("_lineage_generator", col(TrainingMix.GENERATOR))
        .withColumn("_lineage_depth", col(TrainingMix.DEPTH))
        .withColumn("_u", u);
    // Sizes and category sets per lineage from the profile: a few rows, no scan of the mix.
    Column documents = col(MixProfileTable.DOCUMENTS);
    Dataset<Row> syntheticGroups = profile.where(col(MixProfileTable.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC))
        .select(col(MixProfileTable.GENERATOR).as("_lineage_generator"), col(MixProfileTable.DEPTH).as("_lineage_depth"),
            col(MixProfileTable.CATEGORY).as("_lineage_category"), documents);
    Dataset<Row> lineageCategories = syntheticGroups.select("_lineage_generator", "_lineage_depth", "_lineage_category")
        .distinct();
    Dataset<Row> realPerCategory = profile.where(col(MixProfileTable.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL))
        .groupBy(col(MixProfileTable.CATEGORY).as("_real_category")).agg(sum(documents).as("_n"));
    Dataset<Row> real = mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL));
    Dataset<Row> reference = real
        .join(broadcast(lineageCategories), col(TrainingMix.CATEGORY).equalTo(col("_lineage_category")))
        .drop("_lineage_category")
        .withColumn("_u", u);
    Dataset<Row> sizes = syntheticGroups.groupBy("_lineage_generator", "_lineage_depth").agg(sum(documents).as("_n_syn"))
        .join(lineageCategories.join(realPerCategory, col("_lineage_category").equalTo(col("_real_category")))
                .groupBy("_lineage_generator", "_lineage_depth").agg(sum("_n").as("_n_ref")),
            Scala.seq(LINEAGE))
        .withColumn("_m", least(col("_n_syn"), col("_n_ref")));
    Dataset<Row> syntheticDrawn = drawn(synthetic, sizes, "_n_syn")
        .withColumn(TrainingMix.GENERATOR, col("_lineage_generator"));
    Dataset<Row> referenceDrawn = drawn(reference, sizes, "_n_ref")
        .withColumn(TrainingMix.ORIGIN, lit(ORIGIN_REFERENCE))
        .withColumn(TrainingMix.GENERATOR, col("_lineage_generator"))
        .withColumn(TrainingMix.DEPTH, col("_lineage_depth"));
    String[] columns = mix.columns();
    return syntheticDrawn.select(columns[0], rest(columns))
        .unionByName(referenceDrawn.select(columns[0], rest(columns)));
  }

  /** The {@code _m} documents of each lineage with the smallest {@code _u}. */
  private static Dataset<Row> drawn(Dataset<Row> docs, Dataset<Row> sizes, String total) {
    Column m = col("_m").cast("double");
    // P(fewer than m candidates) is below 10⁻⁶ at m + 5√m + 20 expected.
    Column rate = m.plus(sqrt(m).multiply(5)).plus(20).divide(col(total));
    WindowSpec lineage = Window.partitionBy("_lineage_generator", "_lineage_depth")
        .orderBy(col("_u"), col(TrainingMix.DOC_ID));
    return docs.join(broadcast(sizes), Scala.seq(LINEAGE))
        .where(col("_u").lt(rate))
        .withColumn("_rank", row_number().over(lineage))
        .where(col("_rank").leq(col("_m")));
  }

  /** Diversity rows joined with a lineage → reference rows under that lineage's generator and depth. */
  private static Dataset<Row> relabel(Dataset<Row> joined, String[] columns) {
    return joined
        .withColumn(DiversityTable.ORIGIN, lit(ORIGIN_REFERENCE))
        .withColumn(DiversityTable.GENERATOR, col("_lineage_generator"))
        .withColumn(DiversityTable.DEPTH, col("_lineage_depth"))
        .select(columns[0], rest(columns));
  }

  /**
   * One row per generator, depth and metric (named metric + suffix) with both values: the
   * all-categories rows of origin {@code synOrigin} paired with those of {@code refOrigin}.
   */
  private static Dataset<Row> longPairs(Dataset<Row> measured, String synOrigin, String refOrigin,
      List<String> metrics, String suffix) {
    Dataset<Row> synthetic = prefixed(measured, synOrigin, SYN);
    Dataset<Row> reference = prefixed(measured, refOrigin, REF);
    Dataset<Row> pairs =
        synthetic.join(
            reference,
            col(SYN + DiversityTable.GENERATOR)
                .equalTo(col(REF + DiversityTable.GENERATOR))
                .and(col(SYN + DiversityTable.DEPTH).equalTo(col(REF + DiversityTable.DEPTH))));

    List<Column> perMetric = new ArrayList<>();
    for (String metric : metrics) {
      perMetric.add(
          struct(
              lit(metric + suffix).as(CollapseTable.METRIC),
              col(SYN + metric).cast("double").as(CollapseTable.SYNTHETIC_VALUE),
              col(REF + metric).cast("double").as(CollapseTable.REAL_VALUE)));
    }
    Dataset<Row> longPairs =
        pairs
            .select(
                col(SYN + DiversityTable.GENERATOR).as(CollapseTable.GENERATOR),
                col(SYN + DiversityTable.DEPTH).as(CollapseTable.DEPTH),
                explode(array(perMetric.toArray(new Column[0]))).as("_m"))
            .select(col(CollapseTable.GENERATOR), col(CollapseTable.DEPTH), col("_m.*"));
    return longPairs;
  }

  /** Ratio to real per row, and its slope over the depths of each lineage and metric. */
  private static Dataset<Row> withRatios(Dataset<Row> longPairs) {
    Column real = col(CollapseTable.REAL_VALUE);
    Column ratio = col(CollapseTable.SYNTHETIC_VALUE).divide(when(real.notEqual(0.0), real));
    WindowSpec lineage = Window.partitionBy(CollapseTable.GENERATOR, CollapseTable.METRIC);
    Column depth = col(CollapseTable.DEPTH).cast("double");
    Column ratioCol = col(CollapseTable.RATIO);
    // Least-squares slope cov(depth, ratio) / var(depth), over the depths that have a ratio.
    Column depthWithRatio = when(ratioCol.isNotNull(), depth);
    Column variance = var_pop(depthWithRatio).over(lineage);
    return longPairs
        .withColumn(CollapseTable.RATIO, ratio)
        .withColumn(
            CollapseTable.RATIO_SLOPE,
            covar_pop(depthWithRatio, ratioCol)
                .over(lineage)
                .divide(when(variance.gt(0.0), variance)))
        .withColumn(CollapseTable.DEPTHS, count(depthWithRatio).over(lineage))
        .select(
            col(CollapseTable.GENERATOR),
            col(CollapseTable.DEPTH),
            col(CollapseTable.METRIC),
            col(CollapseTable.SYNTHETIC_VALUE),
            col(CollapseTable.REAL_VALUE),
            col(CollapseTable.RATIO),
            col(CollapseTable.RATIO_SLOPE),
            col(CollapseTable.DEPTHS));
  }

  private static Dataset<Row> prefixed(Dataset<Row> measured, String origin, String prefix) {
    Dataset<Row> rows =
        measured.where(
            col(DiversityTable.ORIGIN)
                .equalTo(origin)
                .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)));
    for (String column : measured.columns()) {
      rows = rows.withColumnRenamed(column, prefix + column);
    }
    return rows;
  }

  private static String[] rest(String[] columns) {
    String[] rest = new String[columns.length - 1];
    System.arraycopy(columns, 1, rest, 0, rest.length);
    return rest;
  }
}
