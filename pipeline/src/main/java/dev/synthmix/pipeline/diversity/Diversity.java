package dev.synthmix.pipeline.diversity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.diversity.DiversityPasses.DocumentPass;
import dev.synthmix.pipeline.diversity.DiversityPasses.GroupPass;
import dev.synthmix.pipeline.diversity.DiversityPasses.Shape;
import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Lexical diversity of every origin × generator × depth × category group of a training mix (see
 * {@link DiversityTable} for each metric's definition and which figures are estimates).
 *
 * <p>Plan, one shuffle of small rows and no per-token rows:
 *
 * <ol>
 *   <li>One JVM pass per partition tokenises each document once ({@link
 *       dev.synthmix.pipeline.text.TokenHashes}: 64-bit word hashes from a code-point scan) and
 *       combines, per group, the exact word counts and a mergeable {@link GroupState} (exact
 *       totals and length histogram, Theta sketches of bigrams and trigrams, the window sample).
 *   <li>The parts are shuffled once, word counts by word and states by group, so every count of a
 *       word and every state of a group meet in one task. One pass over each task's parts gives,
 *       per group, its vocabulary, Σ c·log₂ c for the entropy and its rare real words present
 *       (reading the real reference of each word off the same rows), and the figures of its
 *       merged state. That pass is the exchange's only reader: under adaptive execution, a word
 *       pass and a state pass reading it apart made Spark run the document pass once per reader.
 *   <li>What is left is a few rows per group, summed by group: the real all-categories bigram
 *       sketch reaches every group through a window over those rows for novelty (Theta
 *       A-not-B), and small windows over the group rows give the rare-category and rare-word
 *       totals.
 * </ol>
 *
 * <p>No window over documents and no task holding a group's documents: a group's state is bounded
 * by its settings (two sketches of at most 16·k bytes, a window sample of at most {@code
 * sample-max-windows × sample-window-tokens} words), whatever the group's size. Nothing is
 * persisted or collected here; the caller decides.
 */
public final class Diversity {

  /** The group of every row of the diversity table. */
  static final List<String> GROUP =
      List.of(
          DiversityTable.ORIGIN,
          DiversityTable.GENERATOR,
          DiversityTable.DEPTH,
          DiversityTable.CATEGORY);

  private static final String M = DiversityPasses.METRICS;
  private static final String SKETCH = DiversityPasses.SKETCH;
  private static final String REAL_DOCUMENTS = "_real_documents";
  private static final String RARE_CATEGORY = "_rare_category";
  private static final String RARE_CATEGORIES_TOTAL = "_rare_categories_total";
  private static final String RARE_CATEGORIES_PRESENT = "_rare_categories_present";
  private static final String RARE_WORDS_TOTAL = "_rare_words_total";

  private final DiversitySettings settings;

  public Diversity(DiversitySettings settings) {
    this.settings = settings;
  }

  /** The {@link DiversityTable} of {@code mix} (shape {@link TrainingMix#SCHEMA}). */
  public Dataset<Row> measure(Dataset<Row> mix) {
    return measure(mix, true);
  }

  /**
   * As {@link #measure(Dataset)}; without {@code categoryRows} only the all-categories rows are
   * computed, and their rare-category survival is null (it is read off the category rows).
   * Reference sets are always taken from the rows with {@code origin = "real"}; other origins
   * (such as collapse references) are measured like synthetic groups.
   */
  Dataset<Row> measure(Dataset<Row> mix, boolean categoryRows) {
    Shape shape =
        new Shape(
            settings.sampleWindowTokens(),
            settings.sampleMaxWindows(),
            settings.sketchLgNominalEntries(),
            categoryRows,
            settings.rareNgramMaxCount(),
            settings.tokenizer());
    Dataset<Row> docs =
        mix.select(
            col(TrainingMix.ORIGIN),
            col(TrainingMix.GENERATOR),
            col(TrainingMix.DEPTH),
            col(TrainingMix.CATEGORY),
            col(TrainingMix.DOC_ID),
            col(TrainingMix.TEXT));
    Dataset<Row> parts =
        docs.mapPartitions(new DocumentPass(shape), Encoders.row(DiversityPasses.PARTS))
            .repartition(col(DiversityPasses.KIND), col(DiversityPasses.KEY));
    // One reader per exchange all the way down: a second reader of the parts made adaptive
    // execution run the document pass again instead of reusing its shuffle.
    Dataset<Row> groups =
        parts
            .mapPartitions(
                new GroupPass(shape, TrainingMix.ORIGIN_REAL),
                Encoders.row(DiversityPasses.GROUP_STATS))
            .groupBy(groupColumns())
            .agg(
                sum(DiversityPasses.WORDS).as(DiversityTable.VOCABULARY),
                sum(DiversityPasses.C_LOG_C).as(DiversityPasses.C_LOG_C),
                sum(DiversityPasses.RARE_PRESENT).as(DiversityPasses.RARE_PRESENT),
                first(col(M), true).as(M),
                first(col(SKETCH), true).as(SKETCH));
    // The group rows are few (groups × categories): the real all-categories sketch reaches every
    // group through a window over them, not through a second read of the pass.
    Column realSketch =
        max(when(
                col(DiversityTable.ORIGIN)
                    .equalTo(TrainingMix.ORIGIN_REAL)
                    .and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL)),
                col(SKETCH)))
            .over(Window.partitionBy(lit(0)));
    Dataset<Row> withNovelty =
        groups
            .withColumn(DiversityTable.NOVELTY_2, novelty().apply(col(SKETCH), realSketch))
            .drop(SKETCH);
    return resultColumns(withNovelty);
  }

  /** The table's columns from the joined statistics, with the totals read off the group rows. */
  private Dataset<Row> resultColumns(Dataset<Row> joined) {
    Column isReal = col(DiversityTable.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL);
    Column isAll = col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL);
    Column documents = col(M + "." + DiversityTable.DOCUMENTS);
    // The group rows are few (groups × categories); these windows never see a document.
    WindowSpec everything = Window.partitionBy(lit(0));
    WindowSpec byCategory = Window.partitionBy(DiversityTable.CATEGORY);
    WindowSpec byLineage =
        Window.partitionBy(DiversityTable.ORIGIN, DiversityTable.GENERATOR, DiversityTable.DEPTH);
    Dataset<Row> totals =
        joined
            .withColumn(REAL_DOCUMENTS, max(when(isReal.and(isAll), documents)).over(everything))
            .withColumn(
                RARE_CATEGORY,
                isReal
                    .and(not(isAll))
                    .and(documents.divide(col(REAL_DOCUMENTS)).lt(settings.rareCategoryShare())))
            .withColumn(
                RARE_CATEGORIES_TOTAL,
                sum(when(col(RARE_CATEGORY), lit(1L)).otherwise(lit(0L))).over(everything))
            .withColumn(
                RARE_CATEGORY,
                max(when(col(RARE_CATEGORY), lit(1L)).otherwise(lit(0L))).over(byCategory))
            .withColumn(
                RARE_CATEGORIES_PRESENT,
                sum(when(not(isAll), col(RARE_CATEGORY)).otherwise(lit(0L)))
                    .over(byLineage))
            .withColumn(
                RARE_WORDS_TOTAL, max(when(isReal, col(DiversityPasses.RARE_PRESENT))).over(byCategory));

    Column tokens = col(M + "." + DiversityTable.TOKENS);
    Column vocabulary = coalesce(col(DiversityTable.VOCABULARY), lit(0L));
    Column nonZeroTokens = when(tokens.gt(0), tokens.cast("double"));
    List<Column> columns = new ArrayList<>(groupColumnList());
    columns.add(documents.as(DiversityTable.DOCUMENTS));
    columns.add(tokens.as(DiversityTable.TOKENS));
    columns.add(vocabulary.as(DiversityTable.VOCABULARY));
    columns.add(vocabulary.divide(nonZeroTokens).as(DiversityTable.DISTINCT_1));
    columns.add(
        ratio(col(M + ".distinct_bigrams"), col(M + ".bigrams")).as(DiversityTable.DISTINCT_2));
    columns.add(
        ratio(col(M + ".distinct_trigrams"), col(M + ".trigrams")).as(DiversityTable.DISTINCT_3));
    // H = −Σ (c/N) log2(c/N) = log2 N − (Σ c log2 c) / N, from the exact word counts.
    columns.add(
        log2(nonZeroTokens)
            .minus(col(DiversityPasses.C_LOG_C).divide(nonZeroTokens))
            .as(DiversityTable.ENTROPY_BITS));
    columns.add(col(M + "." + DiversityTable.TTR_SAMPLE).as(DiversityTable.TTR_SAMPLE));
    columns.add(
        col(M + "." + DiversityTable.DISTINCT_2_SAMPLE).as(DiversityTable.DISTINCT_2_SAMPLE));
    columns.add(col(M + "." + DiversityTable.SAMPLE_WINDOWS).as(DiversityTable.SAMPLE_WINDOWS));
    columns.add(
        col(M + "." + DiversityTable.MEAN_DOC_TOKENS).as(DiversityTable.MEAN_DOC_TOKENS));
    columns.add(col(M + "." + DiversityTable.P50_DOC_TOKENS).as(DiversityTable.P50_DOC_TOKENS));
    columns.add(col(M + "." + DiversityTable.P90_DOC_TOKENS).as(DiversityTable.P90_DOC_TOKENS));
    columns.add(col(DiversityTable.NOVELTY_2));
    columns.add(
        when(isAll, ratio(col(RARE_CATEGORIES_PRESENT), col(RARE_CATEGORIES_TOTAL)))
            .as(DiversityTable.RARE_CATEGORY_SURVIVAL));
    columns.add(
        ratio(col(DiversityPasses.RARE_PRESENT), col(RARE_WORDS_TOTAL))
            .as(DiversityTable.RARE_NGRAM_SURVIVAL));
    return totals.select(columns.toArray(new Column[0]));
  }


  /**
   * Share of the group's distinct bigrams absent from the real ones: the group's sketch entries
   * below the common θ that the real sketch lacks, over all its entries below that θ (a ratio of
   * one sample, tighter than a ratio of two estimates). Null without bigrams.
   */
  private static org.apache.spark.sql.expressions.UserDefinedFunction novelty() {
    return udf(
        (UDF2<byte[], byte[], Double>)
            (group, real) -> {
              Sketch g = Sketch.wrap(Memory.wrap(group));
              if (g.isEmpty()) {
                return null;
              }
              if (real == null) {
                return 1.0;
              }
              Sketch r = Sketch.wrap(Memory.wrap(real));
              CompactSketch novel = SetOperation.builder().buildANotB().aNotB(g, r);
              long theta = novel.getThetaLong();
              int base = g.getCountLessThanThetaLong(theta);
              return base == 0 ? null : (double) novel.getRetainedEntries() / base;
            },
        DataTypes.DoubleType);
  }

  /** numerator / denominator as a double; null when the denominator is null or zero. */
  static Column ratio(Column numerator, Column denominator) {
    return coalesce(numerator, lit(0L)).cast("double").divide(when(denominator.gt(0), denominator));
  }

  static List<Column> groupColumnList() {
    List<Column> columns = new ArrayList<>();
    for (String key : GROUP) {
      columns.add(col(key));
    }
    return columns;
  }

  static Column[] groupColumns() {
    return groupColumnList().toArray(new Column[0]);
  }
}
