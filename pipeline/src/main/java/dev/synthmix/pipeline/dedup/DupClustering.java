package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import dev.synthmix.pipeline.schema.DupClusters;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code dup_clusters} from pairs, plus summaries of cluster sizes. */
public final class DupClustering {

  private DupClustering() {}

  /**
   * Clusters of the documents on {@code pairs} edges with jaccard ≥ {@code minJaccard}.
   *
   * @param pairs doc_id_a, doc_id_b, jaccard
   * @param docs doc_id, origin, category, generator
   */
  public static Dataset<Row> clusters(Dataset<Row> pairs, Dataset<Row> docs, double minJaccard) {
    Dataset<Row> edges = pairs.filter(col(DupPairs.JACCARD).geq(minJaccard));
    Dataset<Row> membership =
        ConnectedComponents.of(edges, DupPairs.DOC_ID_A, DupPairs.DOC_ID_B)
            .select(
                col(ConnectedComponents.VERTEX).as(DupClusters.DOC_ID),
                col(ConnectedComponents.COMPONENT).as(DupClusters.CLUSTER_ID));
    Dataset<Row> sizes =
        membership.groupBy(DupClusters.CLUSTER_ID).agg(count(lit(1)).as(DupClusters.CLUSTER_SIZE));
    // Both ends of an edge are in one cluster, so side a alone places it.
    Dataset<Row> edgeStats =
        edges
            .join(membership, col(DupPairs.DOC_ID_A).equalTo(col(DupClusters.DOC_ID)))
            .groupBy(DupClusters.CLUSTER_ID)
            .agg(
                count(lit(1)).as(DupClusters.CLUSTER_EDGES),
                min(DupPairs.JACCARD).as(DupClusters.CLUSTER_MIN_JACCARD),
                avg(DupPairs.JACCARD).as(DupClusters.CLUSTER_MEAN_JACCARD));
    Dataset<Row> attributes =
        docs.select(
            col(TrainingMix.DOC_ID).as(DupClusters.DOC_ID),
            col(TrainingMix.ORIGIN).as(DupClusters.ORIGIN),
            col(TrainingMix.CATEGORY).as(DupClusters.CATEGORY),
            col(TrainingMix.GENERATOR).as(DupClusters.GENERATOR));
    return membership
        .join(sizes, DupClusters.CLUSTER_ID)
        .join(edgeStats, DupClusters.CLUSTER_ID)
        .join(attributes, DupClusters.DOC_ID)
        .select(
            DupClusters.CLUSTER_ID,
            DupClusters.DOC_ID,
            DupClusters.CLUSTER_SIZE,
            DupClusters.ORIGIN,
            DupClusters.CATEGORY,
            DupClusters.GENERATOR,
            DupClusters.CLUSTER_EDGES,
            DupClusters.CLUSTER_MIN_JACCARD,
            DupClusters.CLUSTER_MEAN_JACCARD);
  }

  /** (cluster_size, clusters): how many clusters have each size. */
  public static Dataset<Row> sizeHistogram(Dataset<Row> clusters) {
    return clusters
        .select(DupClusters.CLUSTER_ID, DupClusters.CLUSTER_SIZE)
        .distinct()
        .groupBy(DupClusters.CLUSTER_SIZE)
        .agg(count(lit(1)).as("clusters"))
        .orderBy(DupClusters.CLUSTER_SIZE);
  }

  /** One row per cluster, largest first: id, size, edges and Jaccard range. */
  public static Dataset<Row> largest(Dataset<Row> clusters, int n) {
    return clusters
        .select(
            DupClusters.CLUSTER_ID,
            DupClusters.CLUSTER_SIZE,
            DupClusters.CLUSTER_EDGES,
            DupClusters.CLUSTER_MIN_JACCARD,
            DupClusters.CLUSTER_MEAN_JACCARD)
        .distinct()
        .orderBy(desc(DupClusters.CLUSTER_SIZE), col(DupClusters.CLUSTER_ID))
        .limit(n);
  }
}
