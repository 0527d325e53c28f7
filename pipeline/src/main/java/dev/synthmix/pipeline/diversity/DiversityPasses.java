package dev.synthmix.pipeline.diversity;

import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.text.TokenHashes;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * The JVM passes of {@link Diversity}: one over the documents of each partition (tokenise once,
 * combine), and two over the shuffled parts (word counts, group states).
 */
final class DiversityPasses {

  private DiversityPasses() {}

  static final String KIND = "_kind";
  static final String KEY = "_key";
  static final String COUNT = "_count";
  static final String STATE = "_state";
  static final String WORDS = "_words";
  static final String C_LOG_C = "_c_log_c";
  static final String RARE_PRESENT = "_rare_present";

  /** A word count of a group: key = the word's hash. */
  static final int KIND_WORD = 1;

  /** A group's {@link GroupState}: key = a hash of the group, so states spread over tasks. */
  static final int KIND_STATE = 3;

  private static final long DOC_SEED = 0x5EED_D0C5_0000_0001L;

  /** Input of the document pass, in this column order. */
  static final StructType DOCS =
      new StructType()
          .add(DiversityTable.ORIGIN, DataTypes.StringType, false)
          .add(DiversityTable.GENERATOR, DataTypes.StringType, true)
          .add(DiversityTable.DEPTH, DataTypes.IntegerType, false)
          .add(DiversityTable.CATEGORY, DataTypes.StringType, false)
          .add("_doc_id", DataTypes.StringType, true)
          .add("_text", DataTypes.StringType, true);

  /** Output of the document pass: word counts and states of each group seen in the partition. */
  static final StructType PARTS =
      new StructType()
          .add(KIND, DataTypes.IntegerType, false)
          .add(DiversityTable.ORIGIN, DataTypes.StringType, false)
          .add(DiversityTable.GENERATOR, DataTypes.StringType, true)
          .add(DiversityTable.DEPTH, DataTypes.IntegerType, false)
          .add(DiversityTable.CATEGORY, DataTypes.StringType, false)
          .add(KEY, DataTypes.LongType, false)
          .add(COUNT, DataTypes.LongType, false)
          .add(STATE, DataTypes.BinaryType, true);

  /** Per-task partial word statistics of a group. */
  static final StructType WORD_STATS =
      new StructType()
          .add(DiversityTable.ORIGIN, DataTypes.StringType, false)
          .add(DiversityTable.GENERATOR, DataTypes.StringType, true)
          .add(DiversityTable.DEPTH, DataTypes.IntegerType, false)
          .add(DiversityTable.CATEGORY, DataTypes.StringType, false)
          .add(WORDS, DataTypes.LongType, false)
          .add(C_LOG_C, DataTypes.DoubleType, false)
          .add(RARE_PRESENT, DataTypes.LongType, false);

  /** The final state of each group. */
  static final StructType STATES =
      new StructType()
          .add(DiversityTable.ORIGIN, DataTypes.StringType, false)
          .add(DiversityTable.GENERATOR, DataTypes.StringType, true)
          .add(DiversityTable.DEPTH, DataTypes.IntegerType, false)
          .add(DiversityTable.CATEGORY, DataTypes.StringType, false)
          .add(STATE, DataTypes.BinaryType, false);

  /** A group of the diversity table. */
  record Group(String origin, String generator, int depth, String category) implements Serializable {

    Group all() {
      return new Group(origin, generator, depth, DiversityTable.ALL);
    }

    boolean isRealAll(String realOrigin) {
      return origin.equals(realOrigin) && category.equals(DiversityTable.ALL);
    }

    long hash() {
      return Objects.hash(origin, generator, depth, category) * 0x9E3779B97F4A7C15L;
    }

    static Group of(Row row) {
      return new Group(row.getString(1), row.getString(2), row.getInt(3), row.getString(4));
    }
  }

  /** Settings the passes need, as a serialisable value. */
  record Shape(int windowTokens, int maxWindows, int lgNominalEntries, boolean categoryRows,
      long rareMaxCount) implements Serializable {

    GroupState newState() {
      return new GroupState(lgNominalEntries, windowTokens, maxWindows);
    }
  }

  /** Tokenises each document once and combines its group's word counts and state. */
  static final class DocumentPass implements MapPartitionsFunction<Row, Row> {
    private final Shape shape;

    DocumentPass(Shape shape) {
      this.shape = shape;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> docs) {
      Map<Group, LongCounts> words = new LinkedHashMap<>();
      Map<Group, GroupState> states = new LinkedHashMap<>();
      while (docs.hasNext()) {
        Row doc = docs.next();
        Group group =
            new Group(
                doc.getString(0),
                doc.getString(1),
                doc.getInt(2),
                shape.categoryRows() ? doc.getString(3) : DiversityTable.ALL);
        long[] hashes = TokenHashes.of(doc.getString(5));
        LongCounts counts = words.computeIfAbsent(group, g -> new LongCounts());
        for (long h : hashes) {
          counts.add(h, 1);
        }
        states.computeIfAbsent(group, g -> shape.newState()).add(docHash(doc.getString(4)), hashes);
      }
      if (shape.categoryRows()) {
        // The all-categories rows from the category rows: merging costs distinct words, not tokens.
        for (Group group : new ArrayList<>(words.keySet())) {
          words.computeIfAbsent(group.all(), g -> new LongCounts()).addAll(words.get(group));
          states.computeIfAbsent(group.all(), g -> shape.newState()).merge(states.get(group));
        }
      }
      return new PartsIterator(words, states);
    }
  }

  static long docHash(String docId) {
    byte[] utf8 = (docId == null ? "" : docId).getBytes(StandardCharsets.UTF_8);
    return XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET, utf8.length, DOC_SEED);
  }

  /** Emits the word counts of each group lazily (no list of rows), then the states. */
  private static final class PartsIterator implements Iterator<Row> {
    private final Iterator<Map.Entry<Group, LongCounts>> groups;
    private final Iterator<Map.Entry<Group, GroupState>> states;
    private Group group;
    private LongCounts counts;
    private int slot;

    PartsIterator(Map<Group, LongCounts> words, Map<Group, GroupState> states) {
      this.groups = words.entrySet().iterator();
      this.states = states.entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
      while (true) {
        if (counts != null) {
          while (slot < counts.capacity() && counts.countAt(slot) == 0) {
            slot++;
          }
          if (slot < counts.capacity()) {
            return true;
          }
          counts = null;
        }
        if (!groups.hasNext()) {
          return states.hasNext();
        }
        Map.Entry<Group, LongCounts> next = groups.next();
        group = next.getKey();
        counts = next.getValue();
        slot = 0;
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      if (counts != null) {
        Row row = RowFactory.create(KIND_WORD, group.origin(), group.generator(), group.depth(),
            group.category(), counts.keyAt(slot), counts.countAt(slot), null);
        slot++;
        return row;
      }
      Map.Entry<Group, GroupState> e = states.next();
      Group g = e.getKey();
      return RowFactory.create(KIND_STATE, g.origin(), g.generator(), g.depth(), g.category(),
          g.hash(), 0L, e.getValue().toBytes());
    }
  }

  /**
   * Word statistics of the words of this task. The parts are partitioned by word, so every count
   * of a word, in every group, is here: the real reference of the word (its real count, the real
   * categories that use it) is read off the same rows, with no join and no second shuffle.
   */
  static final class WordPass implements MapPartitionsFunction<Row, Row> {
    private final Shape shape;
    private final String realOrigin;

    WordPass(Shape shape, String realOrigin) {
      this.shape = shape;
      this.realOrigin = realOrigin;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> parts) {
      // word → (group → count); the groups of a word are few, the words many.
      Map<Long, Map<Group, Long>> byWord = new HashMap<>();
      while (parts.hasNext()) {
        Row part = parts.next();
        if (part.getInt(0) != KIND_WORD) {
          continue;
        }
        byWord
            .computeIfAbsent(part.getLong(5), w -> new HashMap<>(4))
            .merge(Group.of(part), part.getLong(6), Long::sum);
      }
      Map<Group, double[]> stats = new HashMap<>();
      for (Map<Group, Long> groups : byWord.values()) {
        long realTotal = 0;
        java.util.Set<String> realCategories = new java.util.HashSet<>();
        for (Map.Entry<Group, Long> e : groups.entrySet()) {
          Group g = e.getKey();
          if (g.origin().equals(realOrigin)) {
            realCategories.add(g.category());
            if (g.category().equals(DiversityTable.ALL)) {
              realTotal = e.getValue();
            }
          }
        }
        boolean rare = realTotal >= 1 && realTotal <= shape.rareMaxCount();
        for (Map.Entry<Group, Long> e : groups.entrySet()) {
          double[] s = stats.computeIfAbsent(e.getKey(), g -> new double[3]);
          double c = e.getValue();
          s[0] += 1;
          s[1] += c * Math.log(c) / Math.log(2);
          if (rare && realCategories.contains(e.getKey().category())) {
            s[2] += 1;
          }
        }
      }
      List<Row> out = new ArrayList<>(stats.size());
      stats.forEach((g, s) -> out.add(RowFactory.create(g.origin(), g.generator(), g.depth(),
          g.category(), (long) s[0], s[1], (long) s[2])));
      return out.iterator();
    }
  }

  /** Merges the states of each group; the parts are partitioned by group, so they are final. */
  static final class StatePass implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> parts) {
      Map<Group, GroupState> states = new LinkedHashMap<>();
      while (parts.hasNext()) {
        Row part = parts.next();
        if (part.getInt(0) != KIND_STATE) {
          continue;
        }
        GroupState state = GroupState.fromBytes(part.getAs(7));
        GroupState known = states.putIfAbsent(Group.of(part), state);
        if (known != null) {
          known.merge(state);
        }
      }
      List<Row> out = new ArrayList<>(states.size());
      states.forEach((g, s) -> out.add(RowFactory.create(g.origin(), g.generator(), g.depth(),
          g.category(), s.toBytes())));
      return out.iterator();
    }
  }
}
