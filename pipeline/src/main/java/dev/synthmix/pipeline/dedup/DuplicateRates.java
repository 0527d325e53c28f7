package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code dup_rates} from the mix and the verified near pairs; see {@link DupRates} for the meaning
 * of each scope and row.
 *
 * <p>Works per exact group (text_hash) so that no pair list is expanded: exact flags come from
 * counts of real documents and of synthetic documents per generator within the group; near flags
 * from the union, over the group's near-neighbour groups, of "has a real member" and the set of
 * synthetic generators (bounded by the number of generators). Every document of a group shares the
 * group's near neighbours, as their texts are identical.
 */
public final class DuplicateRates {

  private static final String REAL_N = "real_n";
  private static final String SYNTH_N = "synthetic_n";
  private static final String SAME_GEN_N = "same_generator_n";
  private static final String NBR_REAL = "neighbour_real";
  private static final String NBR_GENS = "neighbour_generators";
  private static final String HASH = "h";
  private static final String NBR = "nbr";
  private static final String EXACT = "is_exact";
  private static final String NEAR = "is_near";

  private DuplicateRates() {}

  /**
   * @param docs the mix (doc_id, origin, category, generator, text_hash)
   * @param nearGroups verified near pairs with {@code text_hash_a}, {@code text_hash_b}
   */
  public static Dataset<Row> rates(Dataset<Row> docs, Dataset<Row> nearGroups) {
    Column real = col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL);
    Column synthetic = col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC);
    Dataset<Row> d =
        docs.select(
            TrainingMix.DOC_ID,
            TrainingMix.ORIGIN,
            TrainingMix.CATEGORY,
            TrainingMix.GENERATOR,
            TrainingMix.TEXT_HASH);
    Dataset<Row> nonEmpty = ExactDuplicates.nonEmpty(d);

    Dataset<Row> groupCounts =
        nonEmpty
            .groupBy(TrainingMix.TEXT_HASH)
            .agg(count_if(real).as(REAL_N), count_if(synthetic).as(SYNTH_N));
    Dataset<Row> generatorCounts =
        nonEmpty
            .filter(synthetic)
            .groupBy(TrainingMix.TEXT_HASH, TrainingMix.GENERATOR)
            .agg(count(lit(1)).as(SAME_GEN_N));

    Dataset<Row> groupProfile =
        nonEmpty
            .groupBy(TrainingMix.TEXT_HASH)
            .agg(
                max(real).as(NBR_REAL),
                collect_set(when(synthetic, col(TrainingMix.GENERATOR))).as(NBR_GENS))
            .select(
                col(TrainingMix.TEXT_HASH).as(NBR),
                col(NBR_REAL),
                explode_outer(col(NBR_GENS)).as(NBR_GENS));
    Dataset<Row> directed =
        nearGroups
            .select(col(PairVerifier.TEXT_HASH_A).as(HASH), col(PairVerifier.TEXT_HASH_B).as(NBR))
            .union(
                nearGroups.select(
                    col(PairVerifier.TEXT_HASH_B).as(HASH), col(PairVerifier.TEXT_HASH_A).as(NBR)));
    Dataset<Row> neighbours =
        directed
            .join(groupProfile, NBR)
            .groupBy(HASH)
            .agg(max(NBR_REAL).as(NBR_REAL), collect_set(NBR_GENS).as(NBR_GENS))
            .withColumnRenamed(HASH, TrainingMix.TEXT_HASH);

    Dataset<Row> flags =
        d.join(groupCounts, new String[] {TrainingMix.TEXT_HASH}, "left")
            .join(
                generatorCounts,
                new String[] {TrainingMix.TEXT_HASH, TrainingMix.GENERATOR},
                "left")
            .join(neighbours, new String[] {TrainingMix.TEXT_HASH}, "left")
            .select(
                col(TrainingMix.ORIGIN),
                col(TrainingMix.CATEGORY),
                col(TrainingMix.GENERATOR),
                coalesce(col(REAL_N), lit(0L)).as(REAL_N),
                coalesce(col(SYNTH_N), lit(0L)).as(SYNTH_N),
                coalesce(col(SAME_GEN_N), lit(0L)).as(SAME_GEN_N),
                coalesce(col(NBR_REAL), lit(false)).as(NBR_REAL),
                col(NBR_GENS));

    Column nbrGens = coalesce(col(NBR_GENS), array().cast("array<string>"));
    Column otherGenerator =
        size(coalesce(array_remove(nbrGens, col(TrainingMix.GENERATOR)), nbrGens)).gt(0);
    Dataset<Row> perScope =
        scope(flags, real, DupPairs.SCOPE_REAL_REAL, col(REAL_N).geq(2), col(NBR_REAL))
            .union(
                scope(
                    flags,
                    synthetic,
                    DupPairs.SCOPE_SYNTHETIC_SYNTHETIC,
                    col(SAME_GEN_N).geq(2),
                    coalesce(array_contains(nbrGens, col(TrainingMix.GENERATOR)), lit(false))))
            .union(
                scope(
                    flags,
                    synthetic,
                    DupPairs.SCOPE_CROSS_GENERATOR,
                    col(SYNTH_N).minus(col(SAME_GEN_N)).geq(1),
                    otherGenerator))
            .union(
                scope(
                    flags,
                    synthetic,
                    DupPairs.SCOPE_SYNTHETIC_REAL,
                    col(REAL_N).geq(1),
                    col(NBR_REAL)));

    Column[] measures = {
      count(lit(1)).as(DupRates.DOCS),
      sum(col(EXACT).cast(DataTypes.LongType)).as(DupRates.EXACT_DUP_DOCS),
      sum(col(NEAR).cast(DataTypes.LongType)).as(DupRates.NEAR_DUP_DOCS),
      sum(col(EXACT).or(col(NEAR)).cast(DataTypes.LongType)).as(DupRates.ANY_DUP_DOCS)
    };
    Dataset<Row> detail =
        perScope
            .groupBy(DupRates.SCOPE, DupRates.CATEGORY, DupRates.GENERATOR)
            .agg(measures[0], measures[1], measures[2], measures[3]);
    Dataset<Row> overall =
        perScope
            .groupBy(DupRates.SCOPE)
            .agg(measures[0], measures[1], measures[2], measures[3])
            .select(
                col(DupRates.SCOPE),
                lit(DupRates.ALL).as(DupRates.CATEGORY),
                lit(DupRates.ALL).as(DupRates.GENERATOR),
                col(DupRates.DOCS),
                col(DupRates.EXACT_DUP_DOCS),
                col(DupRates.NEAR_DUP_DOCS),
                col(DupRates.ANY_DUP_DOCS));
    Column docsCount = col(DupRates.DOCS);
    return detail
        .union(overall)
        .select(
            col(DupRates.SCOPE),
            col(DupRates.CATEGORY),
            col(DupRates.GENERATOR),
            col(DupRates.DOCS),
            col(DupRates.EXACT_DUP_DOCS),
            col(DupRates.NEAR_DUP_DOCS),
            col(DupRates.ANY_DUP_DOCS),
            col(DupRates.EXACT_DUP_DOCS).divide(docsCount).as(DupRates.EXACT_RATE),
            col(DupRates.NEAR_DUP_DOCS).divide(docsCount).as(DupRates.NEAR_RATE),
            col(DupRates.ANY_DUP_DOCS).divide(docsCount).as(DupRates.ANY_RATE));
  }

  private static Dataset<Row> scope(
      Dataset<Row> flags, Column population, String scope, Column exact, Column near) {
    return flags
        .filter(population)
        .select(
            lit(scope).as(DupRates.SCOPE),
            col(TrainingMix.CATEGORY).as(DupRates.CATEGORY),
            col(TrainingMix.GENERATOR).as(DupRates.GENERATOR),
            coalesce(exact, lit(false)).as(EXACT),
            coalesce(near, lit(false)).as(NEAR));
  }
}
