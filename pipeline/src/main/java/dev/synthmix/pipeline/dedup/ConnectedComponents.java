package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connected components of an undirected graph with string vertex ids, distributed: the alternating
 * large-star / small-star algorithm of Kiveris et al., "Connected Components in MapReduce and
 * Beyond" (SoCC 2014), in DataFrame operations.
 *
 * <p>Edges are kept as (child, parent) with parent &lt; child. Large-star links every larger
 * neighbour of a vertex to the vertex's least neighbour (or itself); small-star links a vertex and
 * its smaller neighbours to the least of them. Both keep connectivity and shrink the graph to one
 * star per component centred on the component's minimum id, in O(log n) rounds. The loop stops when
 * the edges are a star forest: every child has one parent and no parent is a child. Each round is
 * cut from its lineage with a local checkpoint so plans stay small; nothing is collected to the
 * driver except one emptiness check per round. A graph of at most {@link #DRIVER_EDGES} edges is
 * collected and solved by union-find on the driver instead, with the same result.
 *
 * <p>Why not GraphX: its {@code connectedComponents} needs long vertex ids (a string→long mapping
 * and back) and propagates labels one hop per Pregel superstep, so a chain of d edges takes d
 * supersteps; large/small-star needs logarithmically many rounds and gives the minimum string id
 * directly as the component id.
 */
public final class ConnectedComponents {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectedComponents.class);

  public static final String VERTEX = "vertex";
  public static final String COMPONENT = "component";

  private static final String CHILD = "child";
  private static final String PARENT = "parent";
  private static final String X = "x";
  private static final String Y = "y";
  private static final String M = "m";
  private static final String AS_CHILD = "as_child";
  private static final String AS_PARENT = "as_parent";
  private static final int MAX_ROUNDS = 64;

  /**
   * Graphs with at most this many distinct edges are solved by union-find on the driver (a few MB
   * of heap at most): each distributed round costs several shuffles and a check job, seconds even
   * for a handful of edges, while most audits verify far fewer pairs than this.
   */
  static final int DRIVER_EDGES = 100_000;

  private ConnectedComponents() {}

  /**
   * (vertex, component) for every vertex on at least one edge of {@code edges}, component = the
   * least vertex id of its component.
   *
   * @param edges two string columns, named by {@code from} and {@code to}; direction is ignored
   */
  public static Dataset<Row> of(Dataset<Row> edges, String from, String to) {
    return of(edges, from, to, DRIVER_EDGES);
  }

  /** As {@link #of(Dataset, String, String)}, on the driver when there are at most {@code driverEdges}. */
  static Dataset<Row> of(Dataset<Row> edges, String from, String to, int driverEdges) {
    Dataset<Row> e =
        edges
            .filter(col(from).notEqual(col(to)))
            .select(greatest(col(from), col(to)).as(CHILD), least(col(from), col(to)).as(PARENT))
            .distinct();
    if (driverEdges > 0) {
      // Cached: the size check has computed every edge, and a large graph's rounds start from them.
      e = e.persist(StorageLevel.MEMORY_AND_DISK());
      List<Row> few = e.limit(driverEdges + 1).collectAsList();
      if (few.size() <= driverEdges) {
        e.unpersist();
        return onDriver(edges.sparkSession(), few);
      }
    }
    Dataset<Row> cached = e;
    for (int round = 0; ; round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException(
            "Cannot find connected components: no convergence in " + MAX_ROUNDS + " rounds");
      }
      e = smallStar(largeStar(e)).localCheckpoint();
      if (round == 0) {
        cached.unpersist(); // the first round's checkpoint holds what the rounds need
      }
      LOG.debug("connected components: round {} done", round + 1);
      if (isStarForest(e)) {
        break;
      }
    }
    Dataset<Row> roots = e.select(col(PARENT).as(VERTEX), col(PARENT).as(COMPONENT)).distinct();
    return e.select(col(CHILD).as(VERTEX), col(PARENT).as(COMPONENT)).union(roots);
  }

  /** Union-find over the collected edges; each root is its component's least id in Spark's order. */
  private static Dataset<Row> onDriver(SparkSession spark, List<Row> edges) {
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>();
    int[] parent = new int[2 * edges.size()];
    for (Row r : edges) {
      int a = index.computeIfAbsent(r.getString(0), id -> add(ids, parent, id));
      int b = index.computeIfAbsent(r.getString(1), id -> add(ids, parent, id));
      int ra = root(parent, a);
      int rb = root(parent, b);
      if (ra != rb) {
        // The least id becomes the root (strings compared as Spark does, by UTF-8 bytes).
        boolean aFirst = UTF8String.fromString(ids.get(ra)).compareTo(UTF8String.fromString(ids.get(rb))) < 0;
        parent[aFirst ? rb : ra] = aFirst ? ra : rb;
      }
    }
    List<Row> out = new ArrayList<>(ids.size());
    for (int v = 0; v < ids.size(); v++) {
      out.add(RowFactory.create(ids.get(v), ids.get(root(parent, v))));
    }
    StructType schema = new StructType().add(VERTEX, DataTypes.StringType).add(COMPONENT, DataTypes.StringType);
    return spark.createDataFrame(out, schema);
  }

  private static int add(List<String> ids, int[] parent, String id) {
    parent[ids.size()] = ids.size();
    ids.add(id);
    return ids.size() - 1;
  }

  private static int root(int[] parent, int v) {
    int r = v;
    while (parent[r] != r) {
      r = parent[r];
    }
    while (parent[v] != r) { // path compression
      int next = parent[v];
      parent[v] = r;
      v = next;
    }
    return r;
  }

  /** For each vertex x with least neighbour-or-self m(x): edges (y, m(x)) for neighbours y > x. */
  private static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> both =
        e.select(col(CHILD).as(X), col(PARENT).as(Y))
            .union(e.select(col(PARENT).as(X), col(CHILD).as(Y)));
    Dataset<Row> mins =
        both.groupBy(X).agg(min(Y).as(M)).select(col(X), least(col(X), col(M)).as(M));
    return both.filter(col(Y).gt(col(X)))
        .join(mins, X)
        .select(col(Y).as(CHILD), col(M).as(PARENT))
        .distinct();
  }

  /**
   * For each vertex u with smaller neighbours N(u) and m = min(N(u)): edges (v, m) for v in N(u)
   * other than m, and (u, m).
   */
  private static Dataset<Row> smallStar(Dataset<Row> e) {
    Dataset<Row> mins = e.groupBy(CHILD).agg(min(PARENT).as(M));
    Dataset<Row> neighbours =
        e.join(mins, CHILD)
            .filter(col(PARENT).notEqual(col(M)))
            .select(col(PARENT).as(CHILD), col(M).as(PARENT));
    return neighbours.union(mins.select(col(CHILD), col(M).as(PARENT))).distinct();
  }

  /** One job: no vertex is a child twice, and no vertex is both a child and a parent. */
  private static boolean isStarForest(Dataset<Row> e) {
    Dataset<Row> roles =
        e.select(col(CHILD).as(X), lit(1).as(AS_CHILD), lit(0).as(AS_PARENT))
            .union(e.select(col(PARENT).as(X), lit(0).as(AS_CHILD), lit(1).as(AS_PARENT)));
    return roles
            .groupBy(X)
            .agg(sum(AS_CHILD).as(AS_CHILD), max(AS_PARENT).as(AS_PARENT))
            .filter(col(AS_CHILD).gt(1).or(col(AS_CHILD).geq(1).and(col(AS_PARENT).geq(1))))
            .count()
        == 0;
  }
}
