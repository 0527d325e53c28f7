package dev.synthmix.pipeline.diversity;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;

/**
 * The mergeable diversity state of one group (origin × generator × depth × category): exact
 * document and n-gram totals and the document-length histogram, Theta sketches of the distinct
 * bigrams and trigrams, and the sample of documents behind the windowed type-token ratios.
 *
 * <p>Merging two states gives the state of the union of their documents, whatever the split: the
 * counts add, the sketches union (DataSketches Theta, order-independent), and the window sample is
 * the documents with the smallest doc-id hashes that together hold at least {@code maxWindows ×
 * windowTokens} tokens, which the merge of two such samples contains. So a group's figures do not
 * depend on partitioning, and no task ever holds a whole group.
 */
final class GroupState {

  private static final int FORMAT = 2;
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final int lgNominalEntries;
  private final int windowTokens;
  private final int maxWindows;

  long documents;
  long tokens;
  long bigrams;
  long trigrams;
  /** Document length → documents. */
  final TreeMap<Integer, Long> lengths = new TreeMap<>();

  private final Union distinctBigrams;
  private final Union distinctTrigrams;
  /** doc-id hash → the document's word hashes folded to 32 bits; the smallest hashes only. */
  private final TreeMap<Long, int[]> sample = new TreeMap<>();

  private long sampleTokens;

  GroupState(int lgNominalEntries, int windowTokens, int maxWindows) {
    this.lgNominalEntries = lgNominalEntries;
    this.windowTokens = windowTokens;
    this.maxWindows = maxWindows;
    this.distinctBigrams = union(lgNominalEntries);
    this.distinctTrigrams = union(lgNominalEntries);
  }

  private static Union union(int lgNominalEntries) {
    return SetOperation.builder().setLogNominalEntries(lgNominalEntries).buildUnion();
  }

  /** Adds one document: {@code words} are its word hashes in order. */
  void add(long docHash, long[] words) {
    int n = words.length;
    documents++;
    tokens += n;
    bigrams += Math.max(n - 1, 0);
    trigrams += Math.max(n - 2, 0);
    lengths.merge(n, 1L, Long::sum);
    for (int i = 0; i + 1 < n; i++) {
      long bigram = bigram(words[i], words[i + 1]);
      distinctBigrams.update(bigram);
      if (i + 2 < n) {
        distinctTrigrams.update(bigram * MIX + words[i + 2]);
      }
    }
    if (n > 0 && (sampleTokens < budget() || docHash < sample.lastKey())) {
      int[] folded = new int[n];
      for (int i = 0; i < n; i++) {
        folded[i] = (int) (words[i] ^ (words[i] >>> 32));
      }
      offer(docHash, folded);
    }
  }

  /** Adds every document of {@code other} (same settings). */
  void merge(GroupState other) {
    documents += other.documents;
    tokens += other.tokens;
    bigrams += other.bigrams;
    trigrams += other.trigrams;
    other.lengths.forEach((length, docs) -> lengths.merge(length, docs, Long::sum));
    // Unordered compact results: an ordered one sorts the entries, which a union does not need.
    distinctBigrams.union(other.distinctBigrams.getResult(false, null));
    distinctTrigrams.union(other.distinctTrigrams.getResult(false, null));
    other.sample.forEach(this::offer);
  }

  private long budget() {
    return (long) maxWindows * windowTokens;
  }

  private void offer(long docHash, int[] words) {
    // Two documents with one 64-bit id hash (p ≈ 2⁻⁶⁴ per pair) keep the first offered.
    if (sample.putIfAbsent(docHash, words) != null) {
      return;
    }
    sampleTokens += words.length;
    // Keep the shortest prefix (in hash order) that still holds the budget.
    while (sampleTokens - sample.lastEntry().getValue().length >= budget()) {
      sampleTokens -= sample.pollLastEntry().getValue().length;
    }
  }

  static long bigram(long first, long second) {
    return first * MIX + second;
  }

  /** The compact Theta sketch of the distinct bigrams. */
  CompactSketch bigramSketch() {
    return distinctBigrams.getResult(false, null);
  }

  CompactSketch trigramSketch() {
    return distinctTrigrams.getResult(false, null);
  }

  /**
   * The windowed ratios: the sampled documents in doc-id-hash order as one token stream, cut into
   * windows of {@code windowTokens}; complete windows only, at most {@code maxWindows}.
   *
   * @return {windows, mean distinct/size of words, mean distinct/count of bigrams} (means NaN
   *     without a window; the bigram mean NaN when no window has a bigram)
   */
  double[] windows() {
    int w = windowTokens;
    java.util.HashSet<Integer> types = new java.util.HashSet<>();
    java.util.HashSet<Long> bigramTypes = new java.util.HashSet<>();
    long windows = 0;
    long bigramWindows = 0;
    double ttrSum = 0;
    double bigramSum = 0;
    int filled = 0;
    long windowBigrams = 0;
    outer:
    for (int[] doc : sample.values()) {
      for (int i = 0; i < doc.length; i++) {
        types.add(doc[i]);
        if (i + 1 < doc.length) {
          // A bigram belongs to the window of its first word, and never crosses documents.
          bigramTypes.add(((long) doc[i] << 32) | (doc[i + 1] & 0xFFFFFFFFL));
          windowBigrams++;
        }
        if (++filled == w) {
          windows++;
          ttrSum += (double) types.size() / w;
          if (windowBigrams > 0) {
            bigramWindows++;
            bigramSum += (double) bigramTypes.size() / windowBigrams;
          }
          types.clear();
          bigramTypes.clear();
          filled = 0;
          windowBigrams = 0;
          if (windows == maxWindows) {
            break outer;
          }
        }
      }
    }
    return new double[] {
      windows, windows == 0 ? Double.NaN : ttrSum / windows,
      bigramWindows == 0 ? Double.NaN : bigramSum / bigramWindows
    };
  }

  /** The exact percentile {@code p} of the document lengths, interpolated as Spark's percentile. */
  double lengthPercentile(double p) {
    double position = (documents - 1) * p;
    long lower = (long) Math.floor(position);
    long higher = (long) Math.ceil(position);
    double lowerValue = Double.NaN;
    double higherValue = Double.NaN;
    long seen = 0;
    for (Map.Entry<Integer, Long> e : lengths.entrySet()) {
      long next = seen + e.getValue();
      if (Double.isNaN(lowerValue) && lower < next) {
        lowerValue = e.getKey();
      }
      if (higher < next) {
        higherValue = e.getKey();
        break;
      }
      seen = next;
    }
    return lowerValue + (position - lower) * (higherValue - lowerValue);
  }

  /**
   * The state as bytes: a header, then the length histogram, both sketches (compact, unordered)
   * and the sample's word arrays, written in bulk through one {@link ByteBuffer} (a sample holds up
   * to {@code maxWindows × windowTokens} words, so a stream call per word showed in profiles).
   */
  byte[] toBytes() {
    byte[] bigramBytes = distinctBigrams.getResult(false, null).toByteArray();
    byte[] trigramBytes = distinctTrigrams.getResult(false, null).toByteArray();
    long size = 4L * 4 + 4L * 8 + 4 + lengths.size() * 12L + 4 + bigramBytes.length + 4
        + trigramBytes.length + 4 + sample.size() * 12L + sampleWords() * 4L;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("Cannot serialise a diversity state of " + size
          + " bytes: lower synthmix.diversity.sample-max-windows or sample-window-tokens");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putInt(FORMAT).putInt(lgNominalEntries).putInt(windowTokens).putInt(maxWindows);
    out.putLong(documents).putLong(tokens).putLong(bigrams).putLong(trigrams);
    out.putInt(lengths.size());
    for (Map.Entry<Integer, Long> e : lengths.entrySet()) {
      out.putInt(e.getKey()).putLong(e.getValue());
    }
    out.putInt(bigramBytes.length).put(bigramBytes);
    out.putInt(trigramBytes.length).put(trigramBytes);
    out.putInt(sample.size());
    for (Map.Entry<Long, int[]> e : sample.entrySet()) {
      int[] words = e.getValue();
      out.putLong(e.getKey()).putInt(words.length);
      out.asIntBuffer().put(words);
      out.position(out.position() + 4 * words.length);
    }
    return out.array();
  }

  private long sampleWords() {
    long words = 0;
    for (int[] doc : sample.values()) {
      words += doc.length;
    }
    return words;
  }

  static GroupState fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int format = in.getInt();
    if (format != FORMAT) {
      throw new IllegalStateException(
          "Cannot read a diversity state of format " + format + ": this build reads " + FORMAT);
    }
    GroupState state = new GroupState(in.getInt(), in.getInt(), in.getInt());
    state.documents = in.getLong();
    state.tokens = in.getLong();
    state.bigrams = in.getLong();
    state.trigrams = in.getLong();
    int lengths = in.getInt();
    for (int i = 0; i < lengths; i++) {
      state.lengths.put(in.getInt(), in.getLong());
    }
    state.distinctBigrams.union(Memory.wrap(slice(in)));
    state.distinctTrigrams.union(Memory.wrap(slice(in)));
    int docs = in.getInt();
    for (int i = 0; i < docs; i++) {
      long hash = in.getLong();
      int[] words = new int[in.getInt()];
      in.asIntBuffer().get(words);
      in.position(in.position() + 4 * words.length);
      state.sample.put(hash, words);
      state.sampleTokens += words.length;
    }
    return state;
  }

  /** The next length-prefixed byte run of {@code in}. */
  private static byte[] slice(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return bytes;
  }
}
