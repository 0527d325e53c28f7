package dev.synthmix.pipeline.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.generate.PerturbedCorpus;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.TrainingMix;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.text.Shingles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LSH stage against the exact reference on a few thousand perturbed SOTU passages. */
class NearDuplicatesCorpusTest {

  /** A real corpus, with Spark's and Delta's production settings (code generation on). */
  static final SparkTestSession SPARK = new SparkTestSession(true);
  static final int DOCS = 4_000;
  static final long SEED = 20_261_124L;

  @BeforeAll
  static void start() {
    SPARK.start();
    SPARK.spark().conf().set("spark.sql.codegen.wholeStage", "false");
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void agreesWithTheExactReference() {
    Dataset<Row> mix = PerturbedCorpus.mix(SPARK.spark(), DOCS, SEED, 2).cache();
    DedupSettings settings = DedupSettings.defaults();
    List<Row> docs =
        mix.select(TrainingMix.DOC_ID, TrainingMix.TEXT, TrainingMix.TEXT_HASH).collectAsList();
    Map<String, long[]> shingles = new HashMap<>();
    Map<String, String> hashOf = new HashMap<>();
    Map<String, String> representative = new HashMap<>();
    for (Row d : docs) {
      shingles.put(d.getString(0), Shingles.of(d.getString(1), 5, Shingles.Kind.WORD));
      hashOf.put(d.getString(0), d.getString(2));
      representative.merge(d.getString(2), d.getString(0), (x, y) -> x.compareTo(y) < 0 ? x : y);
    }
    List<AllPairsReference.Pair> reference = AllPairsReference.pairs(shingles, 0.8);

    Map<String, Double> near = new HashMap<>();
    for (Row p : NearDuplicates.verifiedNearPairs(mix, settings).collectAsList()) {
      near.put(p.getString(0) + "|" + p.getString(1), p.getAs(DupPairs.JACCARD));
    }
    // A reference pair is found if both sides share a text (exact star), or if their groups'
    // representatives are a reported near pair: dup_pairs reports near pairs between groups.
    Set<String> referenceGroupPairs = new HashSet<>();
    int referenceNear = 0;
    int found = 0;
    for (AllPairsReference.Pair p : reference) {
      if (hashOf.get(p.a()).equals(hashOf.get(p.b()))) {
        continue;
      }
      String ra = representative.get(hashOf.get(p.a()));
      String rb = representative.get(hashOf.get(p.b()));
      String key = ra.compareTo(rb) < 0 ? ra + "|" + rb : rb + "|" + ra;
      referenceGroupPairs.add(key);
      referenceNear++;
      if (near.containsKey(key)) {
        found++;
      }
    }
    double recall = (double) found / referenceNear;
    System.out.printf(
        "corpus %d docs: reference near pairs %d (%d group pairs), reported %d, recall %.4f%n",
        DOCS, referenceNear, referenceGroupPairs.size(), near.size(), recall);
    assertThat(referenceNear).as("the corpus has near duplicates").isGreaterThan(300);
    assertThat(recall).as("recall at J >= 0.8").isGreaterThanOrEqualTo(0.95);
    assertThat(referenceGroupPairs).as("precision 1.0").containsAll(near.keySet());
    for (Map.Entry<String, Double> e : near.entrySet()) {
      String[] ids = e.getKey().split("\\|");
      assertThat(e.getValue())
          .as("exact jaccard of %s", e.getKey())
          .isEqualTo(Jaccard.of(shingles.get(ids[0]), shingles.get(ids[1])));
    }
  }

  @Test
  void twoRunsOverTwoAndSevenPartitionsGiveIdenticalTables() {
    // Cached: generation reads the embedded corpus once per partition and every output reads the
    // mix several times.
    Dataset<Row> two = PerturbedCorpus.mix(SPARK.spark(), 1_200, SEED, 2).cache();
    Dataset<Row> seven = two.repartition(7).cache();
    DedupSettings settings = DedupSettings.defaults().withThreshold(0.6);
    DupResult first = NearDuplicates.find(two, settings);
    DupResult second = NearDuplicates.find(seven, settings);
    assertThat(seven.rdd().getNumPartitions()).isEqualTo(7);
    assertThat(rows(first.pairs()))
        .as("pairs")
        .hasSizeGreaterThan(50)
        .isEqualTo(rows(second.pairs()));
    assertThat(rows(first.clusters())).as("clusters").isEqualTo(rows(second.clusters()));
    assertThat(rows(first.rates())).as("rates").isEqualTo(rows(second.rates()));
  }

  private static Set<String> rows(Dataset<Row> df) {
    Set<String> out = new TreeSet<>();
    for (Row r : df.collectAsList()) {
      out.add(r.toString());
    }
    return out;
  }
}
