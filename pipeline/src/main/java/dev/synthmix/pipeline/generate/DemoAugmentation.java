package dev.synthmix.pipeline.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.max;

import dev.synthmix.pipeline.config.DemoSettings;
import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.ingest.IngestResult;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.Manifest;
import dev.synthmix.pipeline.lineage.ManifestReader;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.run.Stage;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.store.DeltaStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's augmentation sets, made and ingested in lineage order: a Markov set, a perturbation
 * set and a sentence-mix set from docs_real (depth 1), then Markov sets retrained on the
 * previous depth's output (depth 2, 3, ...). Each set goes through the same manifest and ingest
 * path as a user's set. The generators train on the driver: they are demo-sized.
 */
public final class DemoAugmentation {

  private static final Logger LOG = LoggerFactory.getLogger(DemoAugmentation.class);

  /** One set made and ingested. */
  public record MadeSet(String setId, String generator, int depth, String parentSet, long seedVersion, IngestResult ingest) {}

  private DemoAugmentation() {}

  public static List<MadeSet> run(DeltaStore store, IngestSettings ingest, DemoSettings demo, RunLedger ledger) {
    return run(store, ingest, demo, ledger, false);
  }

  /**
   * @param skipExisting when true (nightly), a set whose id docs_synthetic already holds is not made
   *     again, so a rerun leaves the tables as they are
   */
  public static List<MadeSet> run(DeltaStore store, IngestSettings ingest, DemoSettings demo, RunLedger ledger,
      boolean skipExisting) {
    if (skipExisting && store.exists(Documents.SYNTHETIC_TABLE)) {
      List<String> have = store.read(Documents.SYNTHETIC_TABLE).select(Documents.SOURCE).distinct()
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      int depths = demo.markovDepths();
      List<String> want = new ArrayList<>(List.of("markov-o" + demo.markovOrder() + "-d1", "perturb-d1", "sentence-mix-d1"));
      for (int d = 2; d <= depths; d++) {
        want.add("markov-o" + demo.markovOrder() + "-d" + d);
      }
      if (have.containsAll(want)) {
        LOG.info("demo sets {} are already in docs_synthetic: not made again", want);
        return List.of();
      }
    }
    var hadoop = store.spark().sparkContext().hadoopConfiguration();
    String runId = ledger.context().runId();
    // The run date, not the clock: the same settings on the same run give the same rows, so a
    // rerun's MERGE finds nothing changed instead of rewriting every synthetic row.
    Instant generatedAt = generatedAt(ledger.context().runDate());
    List<MadeSet> made = new ArrayList<>();
    long realVersion = store.version(Documents.REAL_TABLE).orElseThrow();
    List<SeedDoc> real = seeds(store.read(Documents.REAL_TABLE, realVersion));
    LOG.info("generators read docs_real version {}: {} passages", realVersion, real.size());

    String markov1 = "markov-o" + demo.markovOrder() + "-d1";
    int size = (int) Math.round(real.size() * demo.markovFraction());
    made.add(makeAndIngest(store, ingest, ledger, markovLineage(demo, markov1, Documents.REAL_TABLE, realVersion, 1, null, runId, generatedAt),
        real.size(), () -> MarkovGenerator.generate(real, demo.markovOrder(), size, demo.markovSeed(), markov1)));

    String perturb = "perturb-d1";
    made.add(makeAndIngest(store, ingest, ledger, new GeneratedSetWriter.Lineage(perturb, PerturbationGenerator.NAME,
            "word-edit-perturbation", "1.0",
            Map.of("fraction", String.valueOf(demo.perturbFraction()), "min-edit-rate", String.valueOf(demo.perturbMinRate()),
                "max-edit-rate", String.valueOf(demo.perturbMaxRate()), "seed", String.valueOf(demo.perturbSeed())),
            PerturbationGenerator.PROMPT_ID, PerturbationGenerator.PROMPT_TEMPLATE, Documents.REAL_TABLE, realVersion, 1, null,
            runId, generatedAt),
        real.size(), () -> PerturbationGenerator.generate(real, demo.perturbFraction(), demo.perturbMinRate(), demo.perturbMaxRate(),
            demo.perturbSeed(), perturb)));

    String mix = "sentence-mix-d1";
    made.add(makeAndIngest(store, ingest, ledger, new GeneratedSetWriter.Lineage(mix, SentenceMixGenerator.NAME,
            "sentence-recombination", "1.0",
            Map.of("fraction", String.valueOf(demo.sentenceMixFraction()), "seed", String.valueOf(demo.sentenceMixSeed())),
            SentenceMixGenerator.PROMPT_ID, SentenceMixGenerator.PROMPT_TEMPLATE, Documents.REAL_TABLE, realVersion, 1, null,
            runId, generatedAt),
        real.size(), () -> SentenceMixGenerator.generate(real, demo.sentenceMixFraction(), demo.sentenceMixSeed(), mix)));

    String parent = markov1;
    for (int depth = 2; depth <= demo.markovDepths(); depth++) {
      long synVersion = versionThatWrote(store, parent);
      List<SeedDoc> parentDocs = seeds(store.read(Documents.SYNTHETIC_TABLE, synVersion)
          .where(col(LineageColumns.path(LineageColumns.SET_ID)).equalTo(parent)));
      String setId = "markov-o" + demo.markovOrder() + "-d" + depth;
      long seed = demo.markovSeed() + depth - 1;
      made.add(makeAndIngest(store, ingest, ledger,
          markovLineage(demo, setId, Documents.SYNTHETIC_TABLE, synVersion, depth, parent, runId, generatedAt),
          parentDocs.size(), () -> MarkovGenerator.generate(parentDocs, demo.markovOrder(), parentDocs.size(), seed, setId)));
      parent = setId;
    }
    return made;
  }

  private static GeneratedSetWriter.Lineage markovLineage(DemoSettings demo, String setId, String seedTable, long seedVersion,
      int depth, String parent, String runId, Instant generatedAt) {
    return new GeneratedSetWriter.Lineage(setId, MarkovGenerator.NAME, "word-markov-chain", "1.0",
        Map.of("order", String.valueOf(demo.markovOrder()), "fraction", String.valueOf(demo.markovFraction()),
            "seed", String.valueOf(demo.markovSeed() + depth - 1), "temperature", "1.0 (plain sampling)"),
        MarkovGenerator.PROMPT_ID, MarkovGenerator.PROMPT_TEMPLATE, seedTable, seedVersion, depth, parent, runId, generatedAt);
  }

  /** The generation time stamped on a demo set: the start of the run date, UTC. */
  static Instant generatedAt(java.time.LocalDate runDate) {
    return runDate.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
  }

  private static MadeSet makeAndIngest(DeltaStore store, IngestSettings ingest, RunLedger ledger,
      GeneratedSetWriter.Lineage lineage, long seeds, Supplier<List<GeneratedDoc>> generator) {
    List<GeneratedDoc> docs;
    IngestResult r;
    try (Stage stage = Stage.begin(store.spark().sparkContext(), ledger, "generate-" + lineage.setId(),
        "generate and ingest " + lineage.setId()).in(seeds)) {
      docs = generator.get();
      String folder = store.root() + "/_inputs/generated/" + lineage.setId();
      String manifestPath = GeneratedSetWriter.write(store.spark().sparkContext().hadoopConfiguration(), folder, lineage, docs);
      Manifest m = ManifestReader.read(manifestPath, store.spark().sparkContext().hadoopConfiguration(), false);
      r = SyntheticIngest.run(store, ingest, m, List.of(), null, ledger);
      stage.out(docs.size());
    }
    LOG.info("set {} ({} depth {}, seed {}@{}): generated {}, written {}, quarantined {}", lineage.setId(), lineage.generator(),
        lineage.depth(), lineage.seedTable(), lineage.seedVersion(), docs.size(), r.written(), r.quarantined());
    ledger.count("demo." + lineage.setId() + ".generated", docs.size());
    return new MadeSet(lineage.setId(), lineage.generator(), lineage.depth(), lineage.parentSet(), lineage.seedVersion(), r);
  }

  /**
   * The docs_synthetic version whose commit last wrote {@code setId}: what a deeper set is made
   * from. Not the latest version, which later sets move on, so a rerun that changes nothing records
   * the same seed version and rewrites no row.
   */
  static long versionThatWrote(DeltaStore store, String setId) {
    List<Row> last = store.history(Documents.SYNTHETIC_TABLE)
        .where(get_json_object(col("userMetadata"), "$.set_id").equalTo(setId))
        .agg(max(col("version"))).collectAsList();
    return last.isEmpty() || last.get(0).isNullAt(0)
        ? store.version(Documents.SYNTHETIC_TABLE).orElseThrow() : last.get(0).getLong(0);
  }

  /** Seed documents in doc_id order, so a generator's output depends only on its seed. */
  private static List<SeedDoc> seeds(Dataset<Row> docs) {
    List<SeedDoc> out = new ArrayList<>();
    Iterator<Row> it = docs.select(Documents.DOC_ID, Documents.CATEGORY, Documents.TEXT).orderBy(Documents.DOC_ID).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      out.add(new SeedDoc(r.getString(0), r.getString(1), r.getString(2)));
    }
    return out;
  }
}
