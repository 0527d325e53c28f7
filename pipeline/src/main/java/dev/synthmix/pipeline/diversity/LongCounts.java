package dev.synthmix.pipeline.diversity;

/**
 * Counts per 64-bit key in one open-addressing table of primitive arrays: the per-partition
 * combiner of word counts, where a boxed map would cost an object per word.
 */
final class LongCounts {

  private long[] keys;
  private long[] counts;
  private int size;

  LongCounts() {
    keys = new long[64];
    counts = new long[64];
  }

  /** Adds {@code count} (> 0) to {@code key}. */
  void add(long key, long count) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    // A zero count marks a free slot, so every key (0 included) is allowed.
    while (counts[i] != 0) {
      if (keys[i] == key) {
        counts[i] += count;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    counts[i] = count;
    size++;
  }

  int size() {
    return size;
  }

  /** Calls {@code visitor} once per key with its count, in no particular order. */
  void forEach(Visitor visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] != 0) {
        visitor.visit(keys[i], counts[i]);
      }
    }
  }

  /** Adds every count of {@code other}. */
  void addAll(LongCounts other) {
    other.forEach(this::add);
  }

  /** The key at slot {@code i}, or a free slot (count 0); for iterators that cannot call back. */
  long keyAt(int i) {
    return keys[i];
  }

  long countAt(int i) {
    return counts[i];
  }

  int capacity() {
    return keys.length;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    size = 0;
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldCounts[j] != 0) {
        int i = slot(oldKeys[j], mask);
        while (counts[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        counts[i] = oldCounts[j];
        size++;
      }
    }
  }

  private static int slot(long key, int mask) {
    // The keys are hashes already; one multiply spreads their low bits over the table.
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  /** A key and its count. */
  interface Visitor {
    void visit(long key, long count);
  }
}
