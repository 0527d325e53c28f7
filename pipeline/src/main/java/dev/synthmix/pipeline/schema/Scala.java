package dev.synthmix.pipeline.schema;

import java.util.List;
import java.util.Map;
import scala.collection.JavaConverters;

/** Java collections → the Scala ones Spark's Row encoder expects for map and array columns. */
public final class Scala {

  private Scala() {}

  public static <K, V> scala.collection.Map<K, V> map(Map<K, V> m) {
    return JavaConverters.mapAsScalaMap(m);
  }

  public static <T> scala.collection.Seq<T> seq(List<T> l) {
    return JavaConverters.asScalaBuffer(l).toSeq();
  }
}
