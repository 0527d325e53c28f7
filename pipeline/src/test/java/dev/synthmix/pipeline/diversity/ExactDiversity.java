package dev.synthmix.pipeline.diversity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The exact diversity computation that {@link Diversity} replaced, kept in test scope as its
 * oracle (DiversityTest, DiversityErrorMeasure): every unigram, bigram and trigram exploded into
 * rows and counted exactly; the windowed ratios over the group's documents in doc-id order (a
 * window over the whole group). Unchanged from the version before the sketches, except its name.
 */
public final class ExactDiversity {

  private static final String DOC_CATEGORY = "_doc_category";
  private static final String TOKEN_ARRAY = "_tokens";
  private static final String LENGTH = "_length";
  private static final String OFFSET = "_offset";
  private static final String POSITION = "_position";
  private static final String TOKEN = "_token";
  private static final String BIGRAM = "_bigram";
  private static final String TRIGRAM = "_trigram";
  private static final String WINDOW = "_window";
  private static final String N = "_n";
  private static final String GRAM = "_gram";
  private static final String GRAM_COUNT = "_count";
  private static final String RARE_CATEGORY = "_rare_category";
  private static final String REAL_TOTAL = "_real_total";
  private static final String REAL_IN_CATEGORY = "_real_in_category";
  private static final String RARE_TOKENS_TOTAL = "_rare_tokens_total";
  private static final String RARE_CATEGORIES_TOTAL = "_rare_categories_total";
  private static final String RARE_CATEGORIES_PRESENT = "_rare_categories_present";
  private static final String RARE_TOKENS_PRESENT = "_rare_tokens_present";
  private static final String BIGRAMS = "_bigrams";
  private static final String TRIGRAMS = "_trigrams";
  private static final String DISTINCT_BIGRAMS = "_distinct_bigrams";
  private static final String DISTINCT_TRIGRAMS = "_distinct_trigrams";
  private static final String NOVEL_BIGRAMS = "_novel_bigrams";
  private static final String C_LOG_C = "_c_log_c";

  private final DiversitySettings settings;

  public ExactDiversity(DiversitySettings settings) {
    this.settings = settings;
  }

  /** The {@link DiversityTable} of {@code mix} (shape {@link TrainingMix#SCHEMA}). */
  public Dataset<Row> measure(Dataset<Row> mix) {
    return measure(mix, true);
  }

  /**
   * As {@link #measure(Dataset)}; without {@code categoryRows} only the all-categories rows are
   * computed. Reference sets are always taken from the rows with {@code origin = "real"}; other
   * origins (such as collapse references) are measured like synthetic groups.
   */
  Dataset<Row> measure(Dataset<Row> mix, boolean categoryRows) {
    Column all = lit(DiversityTable.ALL);
    Dataset<Row> docs =
        mix.select(
                col(TrainingMix.ORIGIN).as(DiversityTable.ORIGIN),
                col(TrainingMix.GENERATOR).as(DiversityTable.GENERATOR),
                col(TrainingMix.DEPTH).as(DiversityTable.DEPTH),
                col(TrainingMix.CATEGORY).as(DOC_CATEGORY),
                col(TrainingMix.DOC_ID),
                Tokens.words(col(TrainingMix.TEXT)).as(TOKEN_ARRAY))
            .withColumn(LENGTH, size(col(TOKEN_ARRAY)))
            // Each document counts in its category's group and in the all-categories group.
            .withColumn(
                DiversityTable.CATEGORY,
                categoryRows ? explode(array(col(DOC_CATEGORY), all)) : all);

    // Document statistics read the documents after the offsets' shuffle by group, which they
    // need anyway (grouped by the same keys).
    Dataset<Row> withOffsets = withOffsets(docs);
    Dataset<Row> docStats = docStats(withOffsets, rareCategories(mix));
    Dataset<Row> tokens = tokens(withOffsets);
    Dataset<Row> windowStats = windowStats(tokens);
    Dataset<Row> gramStats = gramStats(gramCounts(tokens));

    Dataset<Row> joined =
        joinOnGroup(joinOnGroup(docStats, gramStats, "left"), windowStats, "left");
    return joined.select(resultColumns().toArray(new Column[0]));
  }

  /** Real categories with a share of real documents below the configured share. */
  private Dataset<Row> rareCategories(Dataset<Row> mix) {
    Dataset<Row> perCategory =
        mix.where(col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL))
            .groupBy(TrainingMix.CATEGORY)
            .agg(count(lit(1)).as("_docs"));
    Dataset<Row> total = perCategory.agg(sum("_docs").as("_total"));
    return perCategory
        .crossJoin(total)
        .where(col("_docs").divide(col("_total")).lt(settings.rareCategoryShare()))
        .select(col(TrainingMix.CATEGORY).as(RARE_CATEGORY));
  }

  /** One aggregation over documents: sizes, length percentiles, rare categories present. */
  private static Dataset<Row> docStats(Dataset<Row> docs, Dataset<Row> rareCategories) {
    Dataset<Row> rareTotal = rareCategories.agg(count(lit(1)).as(RARE_CATEGORIES_TOTAL));
    Column length = col(LENGTH);
    return docs.join(
            broadcast(rareCategories), col(DOC_CATEGORY).equalTo(col(RARE_CATEGORY)), "left")
        .groupBy(groupColumns())
        .agg(
            count(lit(1)).as(DiversityTable.DOCUMENTS),
            sum(length).cast("long").as(DiversityTable.TOKENS),
            sum(greatest(length.minus(1), lit(0))).cast("long").as(BIGRAMS),
            sum(greatest(length.minus(2), lit(0))).cast("long").as(TRIGRAMS),
            avg(length).as(DiversityTable.MEAN_DOC_TOKENS),
            percentile(length, lit(0.5)).as(DiversityTable.P50_DOC_TOKENS),
            percentile(length, lit(0.9)).as(DiversityTable.P90_DOC_TOKENS),
            count_distinct(col(RARE_CATEGORY)).as(RARE_CATEGORIES_PRESENT))
        .crossJoin(rareTotal);
  }

  /** Each document's position in its group's doc-id-ordered token stream (for the windows). */
  private static Dataset<Row> withOffsets(Dataset<Row> docs) {
    // A window over documents, not tokens, so the sort is per document; doc-id order makes the
    // windows, hence ttr_sample, independent of partitioning.
    WindowSpec byGroup =
        Window.partitionBy(groupColumns())
            .orderBy(TrainingMix.DOC_ID)
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return docs.withColumn(OFFSET, sum(col(LENGTH)).over(byGroup).minus(col(LENGTH)));
  }

  /** One row per token with its group, its window and the bigram and trigram that start at it. */
  private Dataset<Row> tokens(Dataset<Row> withOffsets) {
    List<Column> columns = new ArrayList<>(groupColumnList());
    columns.add(col(TOKEN_ARRAY));
    columns.add(col(LENGTH));
    columns.add(col(OFFSET));
    columns.add(posexplode(col(TOKEN_ARRAY)).as(new String[] {POSITION, TOKEN}));
    Column words = col(TOKEN_ARRAY);
    Column position = col(POSITION);
    return withOffsets
        .select(columns.toArray(new Column[0]))
        .withColumn(
            BIGRAM,
            when(
                position.lt(col(LENGTH).minus(1)),
                concat_ws(" ", col(TOKEN), get(words, position.plus(1)))))
        .withColumn(
            TRIGRAM,
            when(
                position.lt(col(LENGTH).minus(2)),
                concat_ws(
                    " ", col(TOKEN), get(words, position.plus(1)), get(words, position.plus(2)))))
        .withColumn(WINDOW, floor(col(OFFSET).plus(position).divide(settings.sampleWindowTokens())))
        .drop(TOKEN_ARRAY);
  }

  /** Mean type-token ratios over complete windows of the configured size. */
  private Dataset<Row> windowStats(Dataset<Row> tokens) {
    List<Column> keys = new ArrayList<>(groupColumnList());
    keys.add(col(WINDOW));
    return tokens
        .groupBy(keys.toArray(new Column[0]))
        .agg(
            count(col(TOKEN)).as("_window_tokens"),
            count_distinct(col(TOKEN)).as("_window_types"),
            count(col(BIGRAM)).as("_window_bigrams"),
            count_distinct(col(BIGRAM)).as("_window_bigram_types"))
        .where(col("_window_tokens").equalTo(settings.sampleWindowTokens()))
        .groupBy(groupColumns())
        .agg(
            count(lit(1)).as(DiversityTable.SAMPLE_WINDOWS),
            avg(col("_window_types").divide(col("_window_tokens"))).as(DiversityTable.TTR_SAMPLE),
            avg(col("_window_bigram_types")
                    .divide(when(col("_window_bigrams").gt(0), col("_window_bigrams"))))
                .as(DiversityTable.DISTINCT_2_SAMPLE));
  }

  /** Occurrences of every unigram, bigram and trigram per group, from one explosion. */
  private static Dataset<Row> gramCounts(Dataset<Row> tokens) {
    List<Column> columns = new ArrayList<>(groupColumnList());
    columns.add(
        explode(
                array(
                    struct(lit(1).as(N), col(TOKEN).as(GRAM)),
                    struct(lit(2).as(N), col(BIGRAM).as(GRAM)),
                    struct(lit(3).as(N), col(TRIGRAM).as(GRAM))))
            .as("_g"));
    List<Column> keys = new ArrayList<>(groupColumnList());
    keys.add(col(N));
    keys.add(col(GRAM));
    return tokens
        .select(columns.toArray(new Column[0]))
        .select(col("*"), col("_g." + N).as(N), col("_g." + GRAM).as(GRAM))
        .drop("_g")
        .where(col(GRAM).isNotNull())
        .groupBy(keys.toArray(new Column[0]))
        .agg(count(lit(1)).as(GRAM_COUNT));
  }

  /**
   * One aggregation over the n-gram counts, after flagging real bigrams and rare real unigrams.
   *
   * <p>The real reference (occurrences of each n-gram in the real corpus, and whether the real
   * documents of the row's category contain it) comes from window aggregates over the same counts:
   * one shuffle by n-gram serves both windows, where self-joins or filters would make Spark count
   * the n-grams again for every reference set.
   */
  private Dataset<Row> gramStats(Dataset<Row> grams) {
    Column n = col(N);
    Column isReal = col(DiversityTable.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL);
    Column realAllCategories = isReal.and(col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL));
    // (n, gram) first: its hash partitioning also clusters (category, n, gram), so the second
    // window needs no shuffle of its own.
    WindowSpec byGram = Window.partitionBy(N, GRAM);
    WindowSpec byCategoryAndGram = Window.partitionBy(DiversityTable.CATEGORY, N, GRAM);
    Dataset<Row> flagged =
        grams
            .withColumn(
                REAL_TOTAL,
                sum(when(realAllCategories, col(GRAM_COUNT)).otherwise(lit(0L))).over(byGram))
            .withColumn(
                REAL_IN_CATEGORY,
                max(when(isReal, lit(true)).otherwise(lit(false))).over(byCategoryAndGram));

    Column total = col(REAL_TOTAL);
    Column rareRealUnigram =
        n.equalTo(1)
            .and(col(REAL_IN_CATEGORY))
            .and(total.geq(1))
            .and(total.leq(settings.rareNgramMaxCount()));
    Column c = col(GRAM_COUNT);
    Dataset<Row> stats =
        flagged
            .groupBy(groupColumns())
            .agg(
                count(when(n.equalTo(1), lit(1))).as(DiversityTable.VOCABULARY),
                count(when(n.equalTo(2), lit(1))).as(DISTINCT_BIGRAMS),
                count(when(n.equalTo(3), lit(1))).as(DISTINCT_TRIGRAMS),
                sum(when(n.equalTo(1), c.multiply(log2(c))).otherwise(lit(0.0))).as(C_LOG_C),
                count(when(n.equalTo(2).and(total.equalTo(0)), lit(1))).as(NOVEL_BIGRAMS),
                count(when(rareRealUnigram, lit(1))).as(RARE_TOKENS_PRESENT));
    // The real group of a category contains every rare real unigram of that category, so its
    // count is the category's total; a window over this small table spares another pass.
    return stats.withColumn(
        RARE_TOKENS_TOTAL,
        max(when(isReal, col(RARE_TOKENS_PRESENT)))
            .over(Window.partitionBy(DiversityTable.CATEGORY)));
  }

  /** The table's columns from the joined statistics. */
  private static List<Column> resultColumns() {
    Column tokens = col(DiversityTable.TOKENS);
    Column vocabulary = coalesce(col(DiversityTable.VOCABULARY), lit(0L));
    Column nonZeroTokens = when(tokens.gt(0), tokens.cast("double"));
    Column rareCategoriesTotal = col(RARE_CATEGORIES_TOTAL);
    List<Column> columns = new ArrayList<>(groupColumnList());
    columns.add(col(DiversityTable.DOCUMENTS));
    columns.add(tokens);
    columns.add(vocabulary.as(DiversityTable.VOCABULARY));
    columns.add(vocabulary.divide(nonZeroTokens).as(DiversityTable.DISTINCT_1));
    columns.add(ratio(col(DISTINCT_BIGRAMS), col(BIGRAMS)).as(DiversityTable.DISTINCT_2));
    columns.add(ratio(col(DISTINCT_TRIGRAMS), col(TRIGRAMS)).as(DiversityTable.DISTINCT_3));
    // H = −Σ (c/N) log2(c/N) = log2 N − (Σ c log2 c) / N, one pass over the unigram counts.
    columns.add(
        log2(nonZeroTokens)
            .minus(col(C_LOG_C).divide(nonZeroTokens))
            .as(DiversityTable.ENTROPY_BITS));
    columns.add(col(DiversityTable.TTR_SAMPLE));
    columns.add(col(DiversityTable.DISTINCT_2_SAMPLE));
    columns.add(
        coalesce(col(DiversityTable.SAMPLE_WINDOWS), lit(0L)).as(DiversityTable.SAMPLE_WINDOWS));
    columns.add(col(DiversityTable.MEAN_DOC_TOKENS));
    columns.add(col(DiversityTable.P50_DOC_TOKENS));
    columns.add(col(DiversityTable.P90_DOC_TOKENS));
    columns.add(ratio(col(NOVEL_BIGRAMS), col(DISTINCT_BIGRAMS)).as(DiversityTable.NOVELTY_2));
    columns.add(
        when(
                col(DiversityTable.CATEGORY).equalTo(DiversityTable.ALL),
                ratio(col(RARE_CATEGORIES_PRESENT), rareCategoriesTotal))
            .as(DiversityTable.RARE_CATEGORY_SURVIVAL));
    columns.add(
        ratio(col(RARE_TOKENS_PRESENT), col(RARE_TOKENS_TOTAL))
            .as(DiversityTable.RARE_NGRAM_SURVIVAL));
    return columns;
  }

  // The helpers the oracle shares with the production code (same package).
  private static Column ratio(Column numerator, Column denominator) {
    return Diversity.ratio(numerator, denominator);
  }

  /**
   * Joins two per-group tables; generator is null on real rows, so the keys compare null-safely (a
   * plain equi-join would drop every real group).
   */
  static Dataset<Row> joinOnGroup(Dataset<Row> left, Dataset<Row> right, String joinType) {
    Dataset<Row> renamed = right;
    for (String key : Diversity.GROUP) {
      renamed = renamed.withColumnRenamed(key, "_right_" + key);
    }
    Column condition = lit(true);
    for (String key : Diversity.GROUP) {
      condition = condition.and(left.col(key).eqNullSafe(renamed.col("_right_" + key)));
    }
    Dataset<Row> joined = left.join(renamed, condition, joinType);
    for (String key : Diversity.GROUP) {
      joined = joined.drop("_right_" + key);
    }
    return joined;
  }


  private static List<Column> groupColumnList() {
    return Diversity.groupColumnList();
  }

  private static Column[] groupColumns() {
    return Diversity.groupColumns();
  }
}
