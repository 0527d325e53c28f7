package dev.synthmix.pipeline.features;

import dev.synthmix.pipeline.schema.DocFeaturesTable;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.text.Shingles;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

  /** doc_id followed by the computed columns: {@link #perDocument}'s rows. */
  private static final StructType PER_DOCUMENT =
      new StructType(
          Stream.concat(
                  Stream.of(DataTypes.createStructField(TrainingMix.DOC_ID, DataTypes.StringType, false)),
                  Arrays.stream(DocFeaturesTable.COMPUTED.fields()))
              .toArray(StructField[]::new));

  private DocFeatures() {}

  /** One row of features per row of {@code texts} (columns text_hash, text). */
  public static Dataset<Row> compute(Dataset<Row> texts, FeatureSpec spec) {
    MapPartitionsFunction<Row, Row> pass = rows -> new Pass(rows, spec, false);
    return texts.select(TrainingMix.TEXT_HASH, TrainingMix.TEXT)
        .mapPartitions(pass, Encoders.row(DocFeaturesTable.COMPUTED));
  }

  /**
   * One row of features per document of {@code docs} (columns doc_id, text_hash, text): doc_id
   * followed by the {@link DocFeaturesTable#COMPUTED} columns, with no shuffle. A repeated text is
   * cut once per copy; for features kept across runs use {@link #distinct}.
   */
  public static Dataset<Row> perDocument(Dataset<Row> docs, FeatureSpec spec) {
    MapPartitionsFunction<Row, Row> pass = rows -> new Pass(rows, spec, true);
    return docs.select(TrainingMix.DOC_ID, TrainingMix.TEXT_HASH, TrainingMix.TEXT)
        .mapPartitions(pass, Encoders.row(PER_DOCUMENT));
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

  /** Maps each ([doc_id,] text_hash, text) row to its features, one row at a time. */
  private static final class Pass implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final FeatureSpec spec;
    private final boolean withId;
    private final MinHasher hasher;
    private final LshBanding banding;

    Pass(Iterator<Row> rows, FeatureSpec spec, boolean withId) {
      this.rows = rows;
      this.spec = spec;
      this.withId = withId;
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
      if (!withId) {
        return of(r.getString(0), r.getString(1), spec, hasher, banding);
      }
      Row f = of(r.getString(1), r.getString(2), spec, hasher, banding);
      Object[] values = new Object[f.length() + 1];
      values[0] = r.getString(0);
      for (int i = 0; i < f.length(); i++) {
        values[i + 1] = f.get(i);
      }
      return RowFactory.create(values);
    }
  }
}
