package dev.synthmix.pipeline.testing;

import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.lineage.ManifestReader;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.store.DeltaStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny warehouse for audit and report tests: 4 real documents in categories a and b (source
 * {@code real}), and one synthetic set {@code s} (generator g, model m, depth 1) of 3 documents:
 * s1 copies r1 (leakage), s2 reorders it, s3 is in category c, which real does not have.
 */
public final class SmallWarehouse {

  private SmallWarehouse() {}

  public static DeltaStore build(SparkSession spark, IngestSettings ingest, Path tmp) throws Exception {
    DeltaStore store = new DeltaStore(spark, tmp.resolve("wh").toUri().toString().replaceFirst("^file:///", "file:/"));
    Path real = tmp.resolve("real.jsonl");
    Files.writeString(real, String.join("\n",
        "{\"id\":\"r1\",\"text\":\"the union is strong and the people are free\",\"category\":\"a\"}",
        "{\"id\":\"r2\",\"text\":\"the people ask for peace and trade\",\"category\":\"a\"}",
        "{\"id\":\"r3\",\"text\":\"credit and commerce grow in every state\",\"category\":\"a\"}",
        "{\"id\":\"r4\",\"text\":\"the navy guards the long coast\",\"category\":\"b\"}") + "\n");
    RealIngest.run(store, ingest, List.of(SourceSpec.of("real", Format.JSONL, List.of(real.toString()))), TestRuns.ledger("r"));
    Path set = Files.createDirectories(tmp.resolve("set"));
    Files.writeString(set.resolve("data.jsonl"), String.join("\n",
        "{\"id\":\"s1\",\"text\":\"the union is strong and the people are free\",\"category\":\"a\"}",
        "{\"id\":\"s2\",\"text\":\"the people are free and the union is strong\",\"category\":\"a\"}",
        "{\"id\":\"s3\",\"text\":\"a category the real corpus does not have\",\"category\":\"c\"}") + "\n");
    Files.writeString(set.resolve("manifest.conf"), "set-id = s, generator { name = g, model = m, version = \"1\" }\n"
        + "prompt.template-id = p, seed { table = docs_real, version = " + store.version(Documents.REAL_TABLE).orElseThrow() + " }\n"
        + "depth = 1, generation { run-id = x, generated-at = \"2026-01-01T00:00:00Z\" }, data.path = data.jsonl\n");
    SyntheticIngest.run(store, ingest, ManifestReader.read(set.resolve("manifest.conf").toString(),
        spark.sparkContext().hadoopConfiguration(), false), List.of(), null, TestRuns.ledger("s"));
    return store;
  }
}
