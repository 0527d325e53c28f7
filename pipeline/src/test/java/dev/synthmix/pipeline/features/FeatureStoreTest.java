package dev.synthmix.pipeline.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synthmix.pipeline.dedup.DedupSettings;
import dev.synthmix.pipeline.dedup.LshCandidates;
import dev.synthmix.pipeline.schema.DocFeaturesTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.MixBuilder;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import dev.synthmix.pipeline.text.ContentHash;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features layer: computed once per distinct text and settings, then read from doc_features. */
class FeatureStoreTest {

  private static final SparkTestSession SPARK = new SparkTestSession();

  private static final String A = "the quick brown fox jumps over the lazy dog near the river bank today";
  private static final String B = "a completely different sentence about budgets, taxes and the federal reserve";
  private static final String C = "new text that only the second run brings, with enough words for shingles";

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void eachDistinctTextIsComputedOnceAndLaterRunsReuseItsRow(@TempDir Path dir) {
    DeltaStore store = new DeltaStore(SPARK.spark(), dir.toString());
    FeatureSpec spec = DedupSettings.defaults().features();
    Dataset<Row> first = new MixBuilder().real("r:1", "x", A).real("r:2", "x", A).synthetic("s:1", "g", 1, "x", B)
        .build(SPARK.spark());

    FeatureStore.Result one = FeatureStore.forMix(store, first, spec, TestRuns.ledger("run-1"));
    assertThat(one.texts()).as("two distinct texts among three documents").isEqualTo(2);
    assertThat(one.computed()).isEqualTo(2);
    assertThat(one.tokens()).as("words of A and B once each").isEqualTo(14 + 11);
    long version = store.version(DocFeaturesTable.TABLE).orElseThrow();

    FeatureStore.Result again = FeatureStore.forMix(store, first, spec, TestRuns.ledger("run-2"));
    assertThat(again.computed()).as("nothing is computed again").isZero();
    assertThat(store.version(DocFeaturesTable.TABLE)).as("and nothing is committed").contains(version);
    assertThat(again.rows().count()).isEqualTo(2);

    Dataset<Row> grown = first.unionByName(new MixBuilder().synthetic("s:2", "g", 1, "x", C).build(SPARK.spark()));
    FeatureStore.Result three = FeatureStore.forMix(store, grown, spec, TestRuns.ledger("run-3"));
    assertThat(three.texts()).isEqualTo(3);
    assertThat(three.computed()).as("only the new text").isEqualTo(1);
    Map<String, String> runOf = store.read(DocFeaturesTable.TABLE).collectAsList().stream().collect(Collectors.toMap(
        r -> r.getString(r.fieldIndex(DocFeaturesTable.TEXT_HASH)), r -> r.getString(r.fieldIndex(DocFeaturesTable.RUN_ID))));
    assertThat(runOf).as("one row per text, each kept from the run that computed it").containsExactlyInAnyOrderEntriesOf(Map.of(
        ContentHash.of(A), "run-1", ContentHash.of(B), "run-1", ContentHash.of(C), "run-3"));
  }

  @Test
  void settingsThatShapeFeaturesGetTheirOwnRowsAndLeaveTheOthersAlone(@TempDir Path dir) {
    DeltaStore store = new DeltaStore(SPARK.spark(), dir.toString());
    Dataset<Row> mix = new MixBuilder().real("r:1", "x", A).real("r:2", "x", B).build(SPARK.spark());
    FeatureSpec words5 = DedupSettings.defaults().features();
    FeatureSpec lower = DedupSettings.defaults().withThreshold(0.5).features();
    assertThat(lower.key()).as("another banding is another key").isNotEqualTo(words5.key());
    assertThat(DedupSettings.defaults().withBuckets(100, 2).features().key())
        .as("bucket caps do not shape features").isEqualTo(words5.key());

    FeatureStore.forMix(store, mix, words5, TestRuns.ledger("run-1"));
    FeatureStore.Result other = FeatureStore.forMix(store, mix, lower, TestRuns.ledger("run-2"));
    assertThat(other.computed()).isEqualTo(2);
    List<Row> byKey = store.read(DocFeaturesTable.TABLE).groupBy(DocFeaturesTable.FEATURES_KEY).count().collectAsList();
    assertThat(byKey).extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(words5.key(), 2L),
            org.assertj.core.groups.Tuple.tuple(lower.key(), 2L));
    assertThat(other.rows().where(col(DocFeaturesTable.BAND_KEYS).isNotNull()).first()
        .getList(other.rows().schema().fieldIndex(DocFeaturesTable.BAND_KEYS))).hasSize(lower.bands());
  }

  @Test
  void storedBandKeysGiveTheCandidatesOfComputedOnes(@TempDir Path dir) {
    DeltaStore store = new DeltaStore(SPARK.spark(), dir.toString());
    String base = "we the people of the united states in order to form a more perfect union establish justice";
    Dataset<Row> mix = new MixBuilder().real("r:1", "x", base).real("r:2", "x", base + " and insure")
        .synthetic("s:1", "g", 1, "x", base.replace("justice", "liberty")).real("r:3", "x", B).build(SPARK.spark());
    DedupSettings settings = DedupSettings.defaults().withThreshold(0.5);
    FeatureStore.Result stored = FeatureStore.forMix(store, mix, settings.features(), TestRuns.ledger("run-1"));
    List<Row> fromStore = LshCandidates.candidates(mix, stored.rows(), settings).collectAsList();
    assertThat(fromStore).as("the near copies are candidates").isNotEmpty();
    assertThat(fromStore).containsExactlyInAnyOrderElementsOf(LshCandidates.candidates(mix, settings).collectAsList());
  }

  @Test
  void aTextWithoutWordsHasNoBandKeysAndIsNeverACandidate() {
    FeatureSpec spec = DedupSettings.defaults().features();
    Row none = DocFeatures.of("h", " ... !!! ", spec, spec.minHasher(), spec.banding());
    assertThat(none.getInt(1)).as("tokens").isZero();
    assertThat(none.getInt(2)).as("characters of the normalised words").isZero();
    assertThat(none.get(3)).as("band keys").isNull();
    Row word = DocFeatures.of("h", "Ünïcode 𠀀 text", spec, spec.minHasher(), spec.banding());
    assertThat(word.getInt(2)).as("code points, not UTF-16 units").isEqualTo(14);
  }

  @Test
  void textsWithOneTextHashHaveEqualFeatures() {
    // A row is shared by every text with its text_hash, so no feature may depend on what the hash ignores.
    String raw = "The  Quick, brown FOX -- jumps over the lazy dog!";
    String other = "the quick brown fox jumps over the lazy dog";
    assertThat(ContentHash.of(raw)).isEqualTo(ContentHash.of(other));
    FeatureSpec spec = DedupSettings.defaults().features();
    Row a = DocFeatures.of("h", raw, spec, spec.minHasher(), spec.banding());
    Row b = DocFeatures.of("h", other, spec, spec.minHasher(), spec.banding());
    assertThat(a.getInt(1)).as("tokens").isEqualTo(b.getInt(1)).isEqualTo(9);
    assertThat(a.get(3)).as("band keys").isNotNull().isEqualTo(b.get(3));
    assertThat(a.getInt(2)).isEqualTo(other.length());
  }

  @Test
  void aSpecThatCannotBandItsSignatureIsRefused() {
    assertThatThrownBy(() -> new FeatureSpec(5, dev.synthmix.pipeline.text.Shingles.Kind.WORD,
        dev.synthmix.pipeline.text.Tokenizer.ICU, MinHasher.Scheme.OPH, 16, 1, 5, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bands x rows <= permutations");
  }
}
