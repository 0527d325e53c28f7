package dev.synthmix.pipeline.diversity;

import dev.synthmix.pipeline.schema.DiversityTable;
import dev.synthmix.pipeline.text.Tokenizer;
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
 * combine), and one over the shuffled parts (word statistics and merged states).
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
  static final String METRICS = "_m";
  static final String SKETCH = "_bigram_sketch";

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

  /** The figures of a group's merged state ({@link #metrics}). */
  static final StructType STATE_METRICS =
      new StructType()
          .add(DiversityTable.DOCUMENTS, DataTypes.LongType, false)
          .add(DiversityTable.TOKENS, DataTypes.LongType, false)
          .add("bigrams", DataTypes.LongType, false)
          .add("trigrams", DataTypes.LongType, false)
          .add("distinct_bigrams", DataTypes.DoubleType, false)
          .add("distinct_trigrams", DataTypes.DoubleType, false)
          .add(DiversityTable.SAMPLE_WINDOWS, DataTypes.LongType, false)
          .add(DiversityTable.TTR_SAMPLE, DataTypes.DoubleType, true)
          .add(DiversityTable.DISTINCT_2_SAMPLE, DataTypes.DoubleType, true)
          .add(DiversityTable.MEAN_DOC_TOKENS, DataTypes.DoubleType, true)
          .add(DiversityTable.P50_DOC_TOKENS, DataTypes.DoubleType, true)
          .add(DiversityTable.P90_DOC_TOKENS, DataTypes.DoubleType, true);

  /**
   * Output of the group pass: a word row (words, c log c, rare present; no metrics) per task and
   * group, and a state row (metrics, bigram sketch; no word fields) per group.
   */
  static final StructType GROUP_STATS =
      new StructType()
          .add(DiversityTable.ORIGIN, DataTypes.StringType, false)
          .add(DiversityTable.GENERATOR, DataTypes.StringType, true)
          .add(DiversityTable.DEPTH, DataTypes.IntegerType, false)
          .add(DiversityTable.CATEGORY, DataTypes.StringType, false)
          .add(WORDS, DataTypes.LongType, true)
          .add(C_LOG_C, DataTypes.DoubleType, true)
          .add(RARE_PRESENT, DataTypes.LongType, true)
          .add(METRICS, STATE_METRICS, true)
          .add(SKETCH, DataTypes.BinaryType, true);

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
      long rareMaxCount, Tokenizer tokenizer) implements Serializable {

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
        long[] hashes = shape.tokenizer().wordHashes(doc.getString(5));
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
   * The statistics of each group from the parts of this task, in one loop over them: the parts are
   * partitioned by kind and key, so the word counts of a word (in every group) and the states of a
   * group all meet here. One pass, so the exchange has one reader: under adaptive execution, Spark
   * ran the document pass again for each reader of the exchange (three times) instead of reusing
   * its shuffle files.
   *
   * <p>Per task and group it emits one word row (vocabulary, Σ c·log₂ c and rare real words present
   * among the words of this task, with the real reference of each word read off the same rows, no
   * join) and, for the groups whose states this task holds, one state row (the figures of the
   * merged state and its bigram sketch), so no window sample or trigram sketch leaves the task.
   */
  static final class GroupPass implements MapPartitionsFunction<Row, Row> {
    private final Shape shape;
    private final String realOrigin;

    GroupPass(Shape shape, String realOrigin) {
      this.shape = shape;
      this.realOrigin = realOrigin;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> parts) {
      // word → (group → count); the groups of a word are few, the words many.
      Map<Long, Map<Group, Long>> byWord = new HashMap<>();
      Map<Group, GroupState> states = new LinkedHashMap<>();
      while (parts.hasNext()) {
        Row part = parts.next();
        if (part.getInt(0) == KIND_WORD) {
          byWord
              .computeIfAbsent(part.getLong(5), w -> new HashMap<>(4))
              .merge(Group.of(part), part.getLong(6), Long::sum);
        } else {
          GroupState state = GroupState.fromBytes(part.getAs(7));
          GroupState known = states.putIfAbsent(Group.of(part), state);
          if (known != null) {
            known.merge(state);
          }
        }
      }
      List<Row> out = new ArrayList<>();
      wordStats(byWord).forEach((g, s) -> out.add(RowFactory.create(g.origin(), g.generator(),
          g.depth(), g.category(), (long) s[0], s[1], (long) s[2], null, null)));
      states.forEach((g, s) -> out.add(RowFactory.create(g.origin(), g.generator(), g.depth(),
          g.category(), null, null, null, metrics(s), s.bigramSketch().toByteArray())));
      return out.iterator();
    }

    /** Per group: {distinct words, Σ c·log₂ c, rare real words present}. */
    private Map<Group, double[]> wordStats(Map<Long, Map<Group, Long>> byWord) {
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
      return stats;
    }
  }

  /** The exact and sketched figures of a group's merged state, in {@link #STATE_METRICS} order. */
  static Row metrics(GroupState s) {
    double[] windows = s.windows();
    boolean any = s.documents > 0;
    return RowFactory.create(
        s.documents,
        s.tokens,
        s.bigrams,
        s.trigrams,
        s.bigramSketch().getEstimate(),
        s.trigramSketch().getEstimate(),
        (long) windows[0],
        nullIfNaN(windows[1]),
        nullIfNaN(windows[2]),
        any ? (double) s.tokens / s.documents : null,
        any ? s.lengthPercentile(0.5) : null,
        any ? s.lengthPercentile(0.9) : null);
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
