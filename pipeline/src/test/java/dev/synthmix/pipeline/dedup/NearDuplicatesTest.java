package dev.synthmix.pipeline.dedup;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.synthmix.pipeline.features.LshBanding;
import dev.synthmix.pipeline.schema.DupClusters;
import dev.synthmix.pipeline.schema.DupPairs;
import dev.synthmix.pipeline.schema.DupRates;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.text.Shingles;
import dev.synthmix.pipeline.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

  static final SparkTestSession SPARK = new SparkTestSession();

  @BeforeAll
  static void start() {
    SPARK.start();
    // Inputs here are tiny, so compiling generated code costs more than it saves.
    SPARK.spark().conf().set("spark.sql.codegen.wholeStage", "false");
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void identicalDocumentsAreOneExactPair() {
    Dataset<Row> mix =
        new DedupFixtures()
            .real("a", "c", "The same text, twice.")
            .real("b", "c", "the SAME   text twice")
            .real("c", "c", "Something else entirely, not the same at all.")
            .build(SPARK.spark());
    List<Row> pairs = NearDuplicates.find(mix, DedupSettings.defaults()).pairs().collectAsList();
    assertThat(pairs).hasSize(1);
    Row p = pairs.get(0);
    assertThat(
            List.of(p.getAs(DupPairs.DOC_ID_A), p.getAs(DupPairs.DOC_ID_B), p.getAs(DupPairs.KIND)))
        .containsExactly("a", "b", DupPairs.KIND_EXACT);
    assertThat((double) p.getAs(DupPairs.JACCARD)).isEqualTo(1.0);
    assertThat((String) p.getAs(DupPairs.SCOPE)).isEqualTo(DupPairs.SCOPE_REAL_REAL);
  }

  @Test
  void pairsOfKnownJaccardAreFoundExactlyAboveTheThreshold() {
    List<String> base = DedupFixtures.words(1, 120);
    DedupFixtures fixtures = new DedupFixtures().real("base", "c", String.join(" ", base));
    // Replacing k scattered words removes 5k of the 116 shingles (when >= 5 words apart).
    int[] replacedCounts = {1, 2, 3, 5, 8, 14};
    Map<String, Double> expected = new HashMap<>();
    long[] baseShingles = Shingles.of(String.join(" ", base), 5, Shingles.Kind.WORD);
    for (int k : replacedCounts) {
      int[] positions = IntStream.range(0, k).map(i -> 3 + i * 8).toArray();
      String text = DedupFixtures.replaced(base, k, positions);
      fixtures.synthetic("v" + k, "c", "gen", text);
      expected.put("v" + k, Jaccard.of(baseShingles, Shingles.of(text, 5, Shingles.Kind.WORD)));
    }
    Dataset<Row> mix = fixtures.build(SPARK.spark());
    assertThat(expected.values()).as("fixture spans the threshold").anyMatch(j -> j < 0.8);
    assertThat(expected.values()).anyMatch(j -> j >= 0.8).anyMatch(j -> j < 0.5);

    for (double t : new double[] {0.8, 0.5}) {
      Map<String, Double> found = new HashMap<>();
      for (Row p :
          NearDuplicates.verifiedNearPairs(mix, DedupSettings.defaults().withThreshold(t))
              .filter(col(DupPairs.DOC_ID_A).equalTo("base"))
              .collectAsList()) {
        found.put(p.getAs(DupPairs.DOC_ID_B), p.getAs(DupPairs.JACCARD));
      }
      Map<String, Double> wanted = new HashMap<>(expected);
      wanted.values().removeIf(j -> j < t);
      assertThat(found).as("pairs with the base at threshold %s", t).isEqualTo(wanted);
    }
  }

  @Test
  void emptyOneWordAndVeryLongDocumentsAreHandled() {
    List<String> longText = DedupFixtures.words(9, 12_000);
    DedupFixtures fixtures =
        new DedupFixtures()
            .real("e1", "c", "")
            .real("e2", "c", "!!! ???")
            .real("e3", "c", "   ")
            .real("one1", "c", "Hello!")
            .real("one2", "c", "hello")
            .real("long1", "c", String.join(" ", longText))
            .real("long2", "c", DedupFixtures.replaced(longText, 4, 100, 9_000));
    for (int i = 0; i < 40; i++) {
      fixtures.real("w" + i, "c", "word" + i);
    }
    DupResult result = NearDuplicates.find(fixtures.build(SPARK.spark()), DedupSettings.defaults());
    List<String> pairs =
        result.pairs().collectAsList().stream()
            .map(p -> p.getString(0) + "|" + p.getString(1) + "|" + p.getAs(DupPairs.KIND))
            .toList();
    assertThat(pairs)
        .as("empty texts and distinct one-word texts never pair")
        .containsExactlyInAnyOrder("one1|one2|exact", "long1|long2|near");
    assertThat(result.pairs().filter(col(DupPairs.DOC_ID_A).startsWith("e")).count())
        .as("docs without shingles are on no edge, so in no cluster")
        .isZero();
  }

  @Test
  void skewedBucketsStayBounded() {
    String shared = String.join(" ", DedupFixtures.words(21, 80));
    DedupFixtures fixtures = new DedupFixtures();
    int copies = 2_000;
    int nearCopies = 600;
    for (int i = 0; i < copies; i++) {
      fixtures.real(String.format("copy%05d", i), "c", shared);
    }
    for (int i = 0; i < nearCopies; i++) {
      // Distinct texts in the same buckets: one token appended changes one shingle of 77.
      fixtures.real(String.format("near%05d", i), "c", shared + " tail" + i);
    }
    Dataset<Row> mix = fixtures.build(SPARK.spark());
    DedupSettings settings = DedupSettings.defaults().withBuckets(50, 3);
    LshBanding banding = settings.banding();

    long candidates = LshCandidates.candidates(mix, settings).count();
    long distinctTexts = nearCopies + 1;
    assertThat(candidates)
        .as("at most k·anchors + k/cap per bucket, never k²/2")
        .isLessThanOrEqualTo(distinctTexts * banding.bands() * (settings.anchors() + 1))
        .isLessThan(distinctTexts * (distinctTexts - 1) / 2);

    DupResult result = NearDuplicates.find(mix, settings);
    assertThat(result.pairs().filter(col(DupPairs.KIND).equalTo(DupPairs.KIND_EXACT)).count())
        .as("exact group as a star")
        .isEqualTo(copies - 1);
    List<Row> clusters = DupClustering.largest(result.clusters(), 5).collectAsList();
    assertThat(clusters).hasSize(1);
    assertThat(clusters.get(0).<String>getAs(DupClusters.CLUSTER_ID)).isEqualTo("copy00000");
    assertThat(clusters.get(0).<Long>getAs(DupClusters.CLUSTER_SIZE))
        .isEqualTo(copies + nearCopies);
  }

  @Test
  void scopesAndRatesOfAHandBuiltMix() {
    List<String> t1 = DedupFixtures.words(31, 60);
    List<String> t3 = DedupFixtures.words(33, 60);
    List<String> t5 = DedupFixtures.words(35, 60);
    String near3 = DedupFixtures.replaced(t3, 1, 30);
    String near5 = DedupFixtures.replaced(t5, 2, 30);
    assertThat(Jaccard.of(shingles(String.join(" ", t3)), shingles(near3))).isGreaterThan(0.8);
    Dataset<Row> mix =
        new DedupFixtures()
            .real("r1", "news", String.join(" ", t1))
            .real("r2", "news", String.join(" ", t1))
            .synthetic("s1", "news", "gen-a", String.join(" ", t1))
            .real("r3", "law", String.join(" ", t3))
            .synthetic("s2", "law", "gen-a", near3)
            .synthetic("s3", "news", "gen-a", String.join(" ", t5))
            .synthetic("s4", "news", "gen-a", String.join(" ", t5))
            .synthetic("s5", "news", "gen-b", near5)
            .real("r4", "law", String.join(" ", DedupFixtures.words(37, 60)))
            .synthetic("s6", "law", "gen-b", String.join(" ", DedupFixtures.words(38, 60)))
            .build(SPARK.spark());
    DupResult result = NearDuplicates.find(mix, DedupSettings.defaults());

    List<String> pairs =
        result.pairs().collectAsList().stream()
            .map(
                p ->
                    String.join(
                        " ",
                        p.getString(0),
                        p.getString(1),
                        p.getAs(DupPairs.KIND),
                        p.getAs(DupPairs.SCOPE)))
            .toList();
    assertThat(pairs)
        .containsExactlyInAnyOrder(
            "r1 r2 exact real-real",
            "r1 s1 exact synthetic-real",
            "r3 s2 near synthetic-real",
            "s3 s4 exact synthetic-synthetic",
            "s3 s5 near cross-generator");

    Map<String, String> clusterOf = new HashMap<>();
    for (Row c : result.clusters().collectAsList()) {
      clusterOf.put(
          c.getAs(DupClusters.DOC_ID),
          c.getAs(DupClusters.CLUSTER_ID) + "/" + c.getAs(DupClusters.CLUSTER_SIZE));
    }
    assertThat(clusterOf)
        .containsOnly(
            Map.entry("r1", "r1/3"),
            Map.entry("r2", "r1/3"),
            Map.entry("s1", "r1/3"),
            Map.entry("r3", "r3/2"),
            Map.entry("s2", "r3/2"),
            Map.entry("s3", "s3/3"),
            Map.entry("s4", "s3/3"),
            Map.entry("s5", "s3/3"));

    Map<String, String> overall = new HashMap<>();
    for (Row r :
        result
            .rates()
            .filter(col(DupRates.CATEGORY).equalTo(DupRates.ALL))
            .filter(col(DupRates.GENERATOR).equalTo(DupRates.ALL))
            .filter(col(DupRates.DEPTH).isNull())
            .collectAsList()) {
      overall.put(
          r.getAs(DupRates.SCOPE),
          r.getAs(DupRates.DOCS)
              + " "
              + r.getAs(DupRates.EXACT_DUP_DOCS)
              + " "
              + r.getAs(DupRates.NEAR_DUP_DOCS)
              + " "
              + r.getAs(DupRates.ANY_DUP_DOCS));
    }
    assertThat(overall)
        .as("docs, exact, near, any per scope")
        .containsOnly(
            Map.entry("real-real", "4 2 0 2"),
            Map.entry("synthetic-real", "6 1 1 2"),
            Map.entry("synthetic-synthetic", "6 2 0 2"),
            Map.entry("cross-generator", "6 0 3 3"));

    Row leakageGenA =
        result
            .rates()
            .filter(
                col(DupRates.SCOPE)
                    .equalTo("synthetic-real")
                    .and(col(DupRates.CATEGORY).equalTo("news"))
                    .and(col(DupRates.GENERATOR).equalTo("gen-a"))
                    .and(col(DupRates.SET_ID).equalTo(DupRates.ALL)))
            .first();
    assertThat(leakageGenA.<Long>getAs(DupRates.DOCS)).isEqualTo(3L);
    assertThat(leakageGenA.<Double>getAs(DupRates.EXACT_RATE)).isEqualTo(1.0 / 3);
    assertThat(
            result
                .rates()
                .filter(col(DupRates.SCOPE).equalTo("real-real"))
                .filter(col(DupRates.GENERATOR).isNull())
                .count())
        .as("real rows have a null generator, one per category")
        .isEqualTo(2);
  }

  @Test
  void connectedComponentsFollowLongChains() {
    List<Row> edges = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      edges.add(RowFactory.create(String.format("n%03d", i + 1), String.format("n%03d", i)));
    }
    edges.add(RowFactory.create("x2", "x1"));
    edges.add(RowFactory.create("x3", "x2"));
    Dataset<Row> graph =
        SPARK
            .spark()
            .createDataFrame(edges, new StructType().add("u", "string").add("v", "string"));
    for (int driverEdges : new int[] {0, ConnectedComponents.DRIVER_EDGES}) {
      Map<String, String> component = components(ConnectedComponents.of(graph, "u", "v", driverEdges));
      assertThat(component).as("driver edges %s", driverEdges).hasSize(64);
      assertThat(component.get("n060")).isEqualTo("n000");
      assertThat(component.get("x3")).isEqualTo("x1");
      assertThat(component.values()).containsOnly("n000", "x1");
    }
  }

  @Test
  void componentsOnTheDriverEqualTheDistributedOnes() {
    // Random forests and cycles over ids whose UTF-16 and UTF-8 orders differ (a supplementary
    // character sorts below U+FFFD in UTF-16, above it in UTF-8): the least id must be Spark's.
    String[] alphabet = {"a", "b", "\uFFFD", "\uD835\uDD38", "\u00E9", "Z"};
    java.util.Random random = new java.util.Random(7);
    List<Row> edges = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String u = alphabet[random.nextInt(alphabet.length)] + random.nextInt(40);
      String v = alphabet[random.nextInt(alphabet.length)] + random.nextInt(40);
      edges.add(RowFactory.create(u, v));
    }
    edges.add(RowFactory.create("self", "self"));
    Dataset<Row> graph =
        SPARK.spark().createDataFrame(edges, new StructType().add("u", "string").add("v", "string"));
    Map<String, String> distributed = components(ConnectedComponents.of(graph, "u", "v", 0));
    assertThat(distributed).doesNotContainKey("self").hasSizeGreaterThan(100);
    assertThat(components(ConnectedComponents.of(graph, "u", "v", ConnectedComponents.DRIVER_EDGES)))
        .isEqualTo(distributed);
    assertThat(components(ConnectedComponents.of(graph, "u", "v", 10))).as("over the limit: distributed")
        .isEqualTo(distributed);
  }

  private static Map<String, String> components(Dataset<Row> rows) {
    Map<String, String> component = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      assertThat(component.put(r.getString(0), r.getString(1))).as("one row per vertex").isNull();
    }
    return component;
  }

  @Test
  void settingsComeFromConfigAndAreValidated() {
    DedupSettings s =
        DedupSettings.fromConfig(
            ConfigFactory.parseString("threshold = 0.6, shingle-size = 3, shingle-kind = char"));
    assertThat(s.threshold()).isEqualTo(0.6);
    assertThat(s.clusterThreshold()).isEqualTo(0.6);
    assertThat(s.shingleKind()).isEqualTo(Shingles.Kind.CHAR);
    assertThat(s.banding().rows()).as("32 x 4 at 0.6").isEqualTo(4);
    assertThatThrownBy(() -> DedupSettings.fromConfig(ConfigFactory.parseString("threshold = 0.3")))
        .hasMessageStartingWith("Cannot use synthmix.dedup.threshold");
  }

  @Test
  void chineseNearCopiesAreFoundOnlyWhenTheTokenizerCutsWords() {
    String text = "今天天气很好，我们一起去公园散步。公园里有很多人在跑步和打太极拳。孩子们在草地上玩耍，老人们坐在长椅上聊天。"
        + "湖边的柳树已经发芽了，春天真的来了。中午我们在附近的饭馆吃了饺子和面条。下午我们去图书馆看书，学习了很多新的知识。"
        + "晚上回家以后，我们一起做饭，看电视，然后早早地睡觉了。";
    Dataset<Row> mix =
        new DedupFixtures()
            .real("zh-1", "c", text)
            .synthetic("zh-2", "c", "g", text.replace("饺子", "包子"))
            .real("zh-3", "c", "这是一篇完全不同的文章，讲的是城市交通和地铁建设的问题，与上面的内容没有关系。")
            .build(SPARK.spark());
    DedupSettings icu = DedupSettings.defaults();
    assertThat(icu.tokenizer()).as("reference.conf's default").isEqualTo(Tokenizer.ICU);
    List<Row> found = NearDuplicates.verifiedNearPairs(mix, icu).collectAsList();
    assertThat(found).extracting(r -> r.getAs(DupPairs.DOC_ID_A) + "~" + r.getAs(DupPairs.DOC_ID_B))
        .containsExactly("zh-1~zh-2");
    DedupSettings words = DedupSettings.fromConfig(ConfigFactory.parseString("tokenizer = words"));
    assertThat(NearDuplicates.verifiedNearPairs(mix, words).collectAsList())
        .as("a clause between punctuation is one 'word': one changed word changes five shingles of few")
        .isEmpty();
    assertThatThrownBy(() -> DedupSettings.fromConfig(ConfigFactory.parseString("tokenizer = jieba")))
        .hasMessageContaining("synthmix.text.tokenizer");
  }

  private static long[] shingles(String text) {
    return Shingles.of(text, 5, Shingles.Kind.WORD);
  }
}
