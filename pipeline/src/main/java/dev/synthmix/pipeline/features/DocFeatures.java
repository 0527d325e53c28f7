package dev.synthmix.pipeline.features;

import dev.synthmix.pipeline.schema.DocFeaturesTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Shingles;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The features of texts ({@link DocFeaturesTable#COMPUTED}), in one JVM pass per partition: each
 * text is normalised and cut into words once, and its length, shingles, MinHash signature and band
 * keys come from that one cut. No row per token or shingle leaves the loop.
 *
 * <p>The set-valued inputs of the diversity measures (a document's n-grams) are not stored here:
 * they are as large as the text itself, so keeping them would cost more to write and read than
 * cutting the text again. They are folded into per-group mergeable states instead
 * ({@code diversity/GroupState}).
 */
public final class DocFeatures {

  private DocFeatures() {}

  /** One row of features per row of {@code texts} (columns text_hash, text). */
  public static Dataset<Row> compute(Dataset<Row> texts, FeatureSpec spec) {
    MapPartitionsFunction<Row, Row> pass = rows -> new Pass(rows, spec);
    return texts.select(TrainingMix.TEXT_HASH, TrainingMix.TEXT)
        .mapPartitions(pass, Encoders.row(DocFeaturesTable.COMPUTED));
  }

  /**
   * One row per distinct text of {@code docs} (columns text_hash, text): computed per document,
   * then the small feature rows, not the texts, are shuffled to drop repeats.
   */
  public static Dataset<Row> distinct(Dataset<Row> docs, FeatureSpec spec) {
    return compute(docs, spec).dropDuplicates(DocFeaturesTable.TEXT_HASH);
  }

  /** The features of one text, as a {@link DocFeaturesTable#COMPUTED} row. */
  static Row of(String textHash, String text, FeatureSpec spec, MinHasher hasher, LshBanding banding) {
    String words = spec.tokenizer().normalize(text);
    int tokens = words == null || words.isEmpty() ? 0 : spaces(words) + 1;
    // Word shingles from the cut just made; character shingles from the text as Shingles takes it.
    long[] shingles = spec.shingleKind() == Shingles.Kind.WORD && words != null
        ? Shingles.ofNormalized(words, spec.shingleSize(), Shingles.Kind.WORD)
        : Shingles.of(text, spec.shingleSize(), spec.shingleKind(), spec.tokenizer());
    long[] signature = hasher.signature(shingles);
    // Of the normalised words, not the raw text: a row is shared by every text with its text_hash.
    int chars = words == null ? 0 : words.codePointCount(0, words.length());
    return RowFactory.create(textHash, tokens, chars, signature == null ? null : banding.keys(signature));
  }

  /** The normaliser leaves one space between words and none at either end. */
  private static int spaces(String words) {
    int n = 0;
    for (int i = 0; i < words.length(); i++) {
      if (words.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }

  /** Maps each (text_hash, text) row to its features, one row at a time. */
  private static final class Pass implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final FeatureSpec spec;
    private final MinHasher hasher;
    private final LshBanding banding;

    Pass(Iterator<Row> rows, FeatureSpec spec) {
      this.rows = rows;
      this.spec = spec;
      this.hasher = spec.minHasher();
      this.banding = spec.banding();
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Row next() {
      Row r = rows.next();
      return of(r.getString(0), r.getString(1), spec, hasher, banding);
    }
  }
}
