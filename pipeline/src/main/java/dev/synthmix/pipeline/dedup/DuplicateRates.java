package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code dup_rates} from the mix and the verified near pairs; see {@link DupRates} for the meaning
 * of each scope, row and column.
 *
 * <p>Member counts work per exact group (text_hash) so that no pair list is expanded: exact flags
 * come from counts of real documents and of synthetic documents per generator within the group;
 * near flags from the union, over the group's near-neighbour groups, of "has a real member" and the
 * set of synthetic generators (bounded by the number of generators). Every document of a group
 * shares the group's near neighbours, as their texts are identical.
 *
 * <p>Redundant counts follow one keep policy over the whole mix: in each exact group, then in each
 * near cluster (connected component of exact groups over the verified near pairs), the document
 * kept is a real one if there is one, then the least doc_id; every other document is redundant,
 * and counts in the scope of the document that is kept in its place. So each removed document is
 * counted once, in one scope, and the redundant counts of the four scopes add up to what dedup of
 * the whole mix removes.
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
  // Keep policy key: "0" + doc_id for real, "1" + doc_id for synthetic; unique as long as doc_id is
  // unique within each origin, so the joins below never multiply rows on an id shared by a real
  // and a synthetic document.
  private static final String KEY = "keep_key";
  private static final String GROUP_KEPT = "group_kept";
  private static final String CLUSTER = "cluster";
  private static final String CLUSTER_KEPT = "cluster_kept";
  private static final String KEPT_BY = "kept_by";
  private static final String BY_EXACT = "removed_by_exact";
  private static final String KEPT_ORIGIN = "kept_origin";
  private static final String KEPT_GENERATOR = "kept_generator";
  private static final String REDUNDANT_SCOPE = "redundant_scope";
  private static final String EXACT_RED = "is_exact_redundant";
  private static final String NEAR_RED = "is_near_redundant";

  private DuplicateRates() {}

  /**
   * @param docs the mix (doc_id, origin, category, generator, text_hash, source, depth)
   * @param nearGroups verified near pairs with {@code text_hash_a}, {@code text_hash_b}
   */
  public static Dataset<Row> rates(Dataset<Row> docs, Dataset<Row> nearGroups) {
    Column real = col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_REAL);
    Column synthetic = col(TrainingMix.ORIGIN).equalTo(TrainingMix.ORIGIN_SYNTHETIC);
    Dataset<Row> d =
        docs.select(
            concat(when(real, lit("0")).otherwise(lit("1")), col(TrainingMix.DOC_ID)).as(KEY),
            col(TrainingMix.ORIGIN),
            col(TrainingMix.CATEGORY),
            col(TrainingMix.GENERATOR),
            when(synthetic, col(TrainingMix.SOURCE)).as(DupRates.SET_ID),
            col(TrainingMix.DEPTH).as(DupRates.DEPTH),
            col(TrainingMix.TEXT_HASH));
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
            .join(removed(nonEmpty, nearGroups), new String[] {KEY}, "left")
            .select(
                col(TrainingMix.ORIGIN),
                col(TrainingMix.CATEGORY),
                col(TrainingMix.GENERATOR),
                col(DupRates.SET_ID),
                col(DupRates.DEPTH),
                coalesce(col(REAL_N), lit(0L)).as(REAL_N),
                coalesce(col(SYNTH_N), lit(0L)).as(SYNTH_N),
                coalesce(col(SAME_GEN_N), lit(0L)).as(SAME_GEN_N),
                coalesce(col(NBR_REAL), lit(false)).as(NBR_REAL),
                col(NBR_GENS),
                col(BY_EXACT),
                redundantScope(real).as(REDUNDANT_SCOPE))
            // One row per document, read by every scope × grouping below (about twenty branches):
            // materialised once instead of re-running its joins and the keep policy per branch.
            .localCheckpoint();

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
    return rows(perScope);
  }

  /**
   * (keep key, removed by exact dedup, origin and generator of the kept document) for every
   * redundant document under the keep policy.
   */
  private static Dataset<Row> removed(Dataset<Row> nonEmpty, Dataset<Row> nearGroups) {
    Dataset<Row> groupKept =
        nonEmpty.groupBy(TrainingMix.TEXT_HASH).agg(min(KEY).as(GROUP_KEPT));
    Dataset<Row> components =
        ConnectedComponents.of(nearGroups, PairVerifier.TEXT_HASH_A, PairVerifier.TEXT_HASH_B)
            .select(
                col(ConnectedComponents.VERTEX).as(TrainingMix.TEXT_HASH),
                col(ConnectedComponents.COMPONENT).as(CLUSTER));
    Dataset<Row> clusterKept =
        components
            .join(groupKept, TrainingMix.TEXT_HASH)
            .groupBy(CLUSTER)
            .agg(min(GROUP_KEPT).as(CLUSTER_KEPT));
    Dataset<Row> hashKept =
        groupKept
            .join(components, new String[] {TrainingMix.TEXT_HASH}, "left")
            .join(clusterKept, new String[] {CLUSTER}, "left")
            .select(
                col(TrainingMix.TEXT_HASH),
                col(GROUP_KEPT),
                coalesce(col(CLUSTER_KEPT), col(GROUP_KEPT)).as(CLUSTER_KEPT));
    Column byExact = col(KEY).notEqual(col(GROUP_KEPT));
    Column byNear = not(byExact).and(col(GROUP_KEPT).notEqual(col(CLUSTER_KEPT)));
    Dataset<Row> keptDocs =
        nonEmpty.select(
            col(KEY).as(KEPT_BY),
            col(TrainingMix.ORIGIN).as(KEPT_ORIGIN),
            col(TrainingMix.GENERATOR).as(KEPT_GENERATOR));
    return nonEmpty
        .join(hashKept, TrainingMix.TEXT_HASH)
        .select(
            col(KEY),
            byExact.as(BY_EXACT),
            when(byExact, col(GROUP_KEPT)).when(byNear, col(CLUSTER_KEPT)).as(KEPT_BY))
        .where(col(KEPT_BY).isNotNull())
        .join(keptDocs, KEPT_BY)
        .select(col(KEY), col(BY_EXACT), col(KEPT_ORIGIN), col(KEPT_GENERATOR));
  }

  /** The scope a redundant document counts in: that of the document kept in its place. */
  private static Column redundantScope(Column real) {
    return when(col(KEPT_ORIGIN).isNull(), lit(null).cast("string"))
        .when(real, lit(DupPairs.SCOPE_REAL_REAL))
        .when(col(KEPT_ORIGIN).equalTo(TrainingMix.ORIGIN_REAL), lit(DupPairs.SCOPE_SYNTHETIC_REAL))
        .when(
            col(KEPT_GENERATOR).eqNullSafe(col(TrainingMix.GENERATOR)),
            lit(DupPairs.SCOPE_SYNTHETIC_SYNTHETIC))
        .otherwise(lit(DupPairs.SCOPE_CROSS_GENERATOR));
  }

  private static Dataset<Row> scope(
      Dataset<Row> flags, Column population, String scope, Column exact, Column near) {
    Column here = coalesce(col(REDUNDANT_SCOPE).equalTo(scope), lit(false));
    return flags
        .filter(population)
        .select(
            lit(scope).as(DupRates.SCOPE),
            col(TrainingMix.CATEGORY).as(DupRates.CATEGORY),
            col(TrainingMix.GENERATOR).as(DupRates.GENERATOR),
            col(DupRates.SET_ID),
            col(DupRates.DEPTH),
            coalesce(exact, lit(false)).as(EXACT),
            coalesce(near, lit(false)).as(NEAR),
            here.and(col(BY_EXACT)).as(EXACT_RED),
            here.and(not(col(BY_EXACT))).as(NEAR_RED));
  }

  /**
   * The rows of {@link DupRates}: counts once at the finest grain (scope, category, generator, set,
   * depth), then summed into the coarser rows, so the mix is aggregated once.
   */
  private static Dataset<Row> rows(Dataset<Row> perScope) {
    String[] finest = {
      DupRates.SCOPE, DupRates.CATEGORY, DupRates.GENERATOR, DupRates.SET_ID, DupRates.DEPTH
    };
    Dataset<Row> fine =
        perScope
            .groupBy(finest[0], rest(finest))
            .agg(
                count(lit(1)).as(DupRates.DOCS),
                longSum(col(EXACT)).as(DupRates.EXACT_DUP_DOCS),
                longSum(col(NEAR)).as(DupRates.NEAR_DUP_DOCS),
                longSum(col(EXACT).or(col(NEAR))).as(DupRates.ANY_DUP_DOCS),
                longSum(col(EXACT_RED)).as(DupRates.EXACT_REDUNDANT_DOCS),
                longSum(col(NEAR_RED)).as(DupRates.NEAR_REDUNDANT_DOCS));
    Column realReal = col(DupRates.SCOPE).equalTo(DupPairs.SCOPE_REAL_REAL);
    Column all = lit(DupRates.ALL);
    // Real documents belong to no set: their pooled rows keep set_id null ("does not apply").
    Column allSets = when(realReal, lit(null).cast("string")).otherwise(all);
    Column allDepths = lit(null).cast("int");
    Dataset<Row> synth = fine.filter(not(realReal));
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(fine.filter(not(realReal)));
    parts.add(
        rollup(synth, col(DupRates.SCOPE), all, col(DupRates.GENERATOR), col(DupRates.SET_ID),
            col(DupRates.DEPTH)));
    parts.add(
        rollup(fine, col(DupRates.SCOPE), col(DupRates.CATEGORY), col(DupRates.GENERATOR), allSets,
            col(DupRates.DEPTH)));
    parts.add(rollup(synth, col(DupRates.SCOPE), all, all, all, col(DupRates.DEPTH)));
    parts.add(rollup(fine, col(DupRates.SCOPE), all, all, allSets, allDepths));
    Column docsCount = col(DupRates.DOCS);
    Column anyRedundant =
        col(DupRates.EXACT_REDUNDANT_DOCS).plus(col(DupRates.NEAR_REDUNDANT_DOCS));
    return parts.stream()
        .reduce(Dataset::union)
        .orElseThrow()
        .select(
            col(DupRates.SCOPE),
            col(DupRates.CATEGORY),
            col(DupRates.GENERATOR),
            col(DupRates.SET_ID),
            col(DupRates.DEPTH),
            col(DupRates.DOCS),
            col(DupRates.EXACT_DUP_DOCS),
            col(DupRates.NEAR_DUP_DOCS),
            col(DupRates.ANY_DUP_DOCS),
            col(DupRates.EXACT_DUP_DOCS).divide(docsCount).as(DupRates.EXACT_RATE),
            col(DupRates.NEAR_DUP_DOCS).divide(docsCount).as(DupRates.NEAR_RATE),
            col(DupRates.ANY_DUP_DOCS).divide(docsCount).as(DupRates.ANY_RATE),
            col(DupRates.EXACT_REDUNDANT_DOCS),
            col(DupRates.NEAR_REDUNDANT_DOCS),
            anyRedundant.as(DupRates.ANY_REDUNDANT_DOCS),
            col(DupRates.EXACT_REDUNDANT_DOCS).divide(docsCount).as(DupRates.EXACT_REDUNDANT_SHARE),
            col(DupRates.NEAR_REDUNDANT_DOCS).divide(docsCount).as(DupRates.NEAR_REDUNDANT_SHARE),
            anyRedundant.divide(docsCount).as(DupRates.ANY_REDUNDANT_SHARE));
  }

  /** Sums of the fine counts per the given key columns (aliased to the row's columns). */
  private static Dataset<Row> rollup(
      Dataset<Row> fine, Column scope, Column category, Column generator, Column set, Column depth) {
    return fine.groupBy(
            scope.as(DupRates.SCOPE),
            category.as(DupRates.CATEGORY),
            generator.as(DupRates.GENERATOR),
            set.as(DupRates.SET_ID),
            depth.as(DupRates.DEPTH))
        .agg(
            sum(DupRates.DOCS).as(DupRates.DOCS),
            sum(DupRates.EXACT_DUP_DOCS).as(DupRates.EXACT_DUP_DOCS),
            sum(DupRates.NEAR_DUP_DOCS).as(DupRates.NEAR_DUP_DOCS),
            sum(DupRates.ANY_DUP_DOCS).as(DupRates.ANY_DUP_DOCS),
            sum(DupRates.EXACT_REDUNDANT_DOCS).as(DupRates.EXACT_REDUNDANT_DOCS),
            sum(DupRates.NEAR_REDUNDANT_DOCS).as(DupRates.NEAR_REDUNDANT_DOCS));
  }

  private static Column longSum(Column flag) {
    return sum(flag.cast(DataTypes.LongType));
  }

  private static String[] rest(String[] names) {
    return Arrays.copyOfRange(names, 1, names.length);
  }
}
