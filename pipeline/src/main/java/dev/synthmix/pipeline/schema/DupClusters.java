package dev.synthmix.pipeline.schema;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code dup_clusters}: one row per document that has at least one exact or near duplicate; the
 * cluster is the connected component of the document over {@code dup_pairs} edges (those at or
 * above the cluster threshold). Documents without duplicates have no row.
 *
 * <p>Connected components can chain: A~B and B~C put A and C in one cluster even when A and C are
 * far apart. {@link #CLUSTER_MIN_JACCARD} and {@link #CLUSTER_MEAN_JACCARD} over the cluster's
 * edges, and {@link #CLUSTER_EDGES} against {@link #CLUSTER_SIZE} (a tree has size − 1 edges), show
 * when a cluster is a chain rather than a tight group.
 */
public final class DupClusters {

  private DupClusters() {}

  /** The minimum doc_id in the cluster: reproducible across runs and partitionings. */
  public static final String CLUSTER_ID = "cluster_id";

  public static final String DOC_ID = "doc_id";
  public static final String CLUSTER_SIZE = "cluster_size";
  public static final String ORIGIN = "origin";
  public static final String CATEGORY = "category";
  public static final String GENERATOR = "generator";

  /** Number of reported pairs inside the cluster. */
  public static final String CLUSTER_EDGES = "cluster_edges";

  /** Least Jaccard of a reported pair inside the cluster. */
  public static final String CLUSTER_MIN_JACCARD = "cluster_min_jaccard";

  /** Mean Jaccard of the reported pairs inside the cluster. */
  public static final String CLUSTER_MEAN_JACCARD = "cluster_mean_jaccard";

  public static final StructType SCHEMA =
      new StructType()
          .add(CLUSTER_ID, DataTypes.StringType, false)
          .add(DOC_ID, DataTypes.StringType, false)
          .add(CLUSTER_SIZE, DataTypes.LongType, false)
          .add(ORIGIN, DataTypes.StringType, true)
          .add(CATEGORY, DataTypes.StringType, true)
          .add(GENERATOR, DataTypes.StringType, true)
          .add(CLUSTER_EDGES, DataTypes.LongType, false)
          .add(CLUSTER_MIN_JACCARD, DataTypes.DoubleType, true)
          .add(CLUSTER_MEAN_JACCARD, DataTypes.DoubleType, true);
}
