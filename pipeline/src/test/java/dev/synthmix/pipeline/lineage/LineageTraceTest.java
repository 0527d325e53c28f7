package dev.synthmix.pipeline.lineage;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.ingest.IngestSettings;
import dev.synthmix.pipeline.config.SettingsLoader;
import dev.synthmix.pipeline.ingest.Format;
import dev.synthmix.pipeline.ingest.RealIngest;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.ingest.SyntheticIngest;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.schema.RunMetricsTable;
import dev.synthmix.pipeline.store.DeltaStore;
import dev.synthmix.pipeline.testing.SmallWarehouse;
import dev.synthmix.pipeline.testing.SparkTestSession;
import dev.synthmix.pipeline.testing.TestRuns;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lineage.present_share fails when lineage really cannot be followed: a blank prompt id, a parent
 * set gone from docs_synthetic, a seed version vacuumed away. Each state is reached through the
 * ordinary ingest path and Delta operations, not by writing impossible rows.
 */
class LineageTraceTest {

  static final SparkTestSession SPARK = new SparkTestSession();
  static final IngestSettings SETTINGS = IngestSettings.from(SettingsLoader.load(SettingsLoader.parse("")));

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  @Test
  void eachCheckFailsWhenItsLineageIsReallyMissing(@TempDir Path tmp) throws Exception {
    DeltaStore store = SmallWarehouse.build(SPARK.spark(), SETTINGS, tmp);
    assertThat(overall(store)).as("a fresh warehouse is traceable")
        .containsEntry(LineageTrace.PRESENT_SHARE, 1.0)
        .containsEntry(LineageTrace.SEED_READABLE_SHARE, 1.0);

    // A depth-2 set made from set s; its manifest names a prompt id only, and one record
    // overrides it with "" (kept by ingest: the record's own prompt_id wins).
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Files.writeString(dir.resolve("data.jsonl"),
        "{\"id\":\"t1\",\"text\":\"a second generation text\",\"category\":\"a\",\"prompt_id\":\"\"}\n"
            + "{\"id\":\"t2\",\"text\":\"another second generation text\",\"category\":\"a\"}\n");
    long synVersion = store.version(Documents.SYNTHETIC_TABLE).orElseThrow();
    Files.writeString(dir.resolve("manifest.conf"), "set-id = t, generator { name = g2, model = m, version = \"1\" }\n"
        + "prompt.template-id = p2, seed { table = docs_synthetic, version = " + synVersion + " }\n"
        + "depth = 2, parent-set = s, generation { run-id = y, generated-at = \"2026-01-01T00:00:00Z\" }\n"
        + "data.path = data.jsonl\n");
    SyntheticIngest.run(store, SETTINGS, ManifestReader.read(dir.resolve("manifest.conf").toString(),
        SPARK.spark().sparkContext().hadoopConfiguration(), false), List.of(), null, TestRuns.ledger("t"));
    Map<String, Double> m = overall(store);
    assertThat(m.get(LineageTrace.PROMPT_PRESENT_SHARE)).as("t1's prompt id is blank").isEqualTo(4.0 / 5);
    assertThat(m.get(LineageTrace.PRESENT_SHARE)).isEqualTo(4.0 / 5);
    assertThat(m.get(LineageTrace.PARENT_PRESENT_SHARE)).isEqualTo(1.0);

    // The seed of set s (docs_real version 0) is vacuumed away after docs_real changes.
    Path real = tmp.resolve("real.jsonl");
    Files.writeString(real, Files.readString(real).replace("the navy guards the long coast", "the navy guards the coast"));
    RealIngest.run(store, SETTINGS, List.of(SourceSpec.of("real", Format.JSONL, List.of(real.toString()))),
        TestRuns.ledger("r2"));
    SPARK.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      DeltaTable.forPath(SPARK.spark(), store.path(Documents.REAL_TABLE)).vacuum(0);
    } finally {
      SPARK.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "true");
    }
    // The version set s names as its seed (not a literal: the table's first commit may be an empty create).
    long seedOfS = store.read(Documents.SYNTHETIC_TABLE).where("lineage.set_id = 's'")
        .select("lineage.seed_version").first().getLong(0);
    assertThat(LineageTrace.readable(store, Documents.REAL_TABLE, seedOfS)).as("s's seed after VACUUM").isFalse();
    assertThat(LineageTrace.readable(store, Documents.REAL_TABLE, store.version(Documents.REAL_TABLE).orElseThrow()))
        .isTrue();
    assertThat(LineageTrace.readable(store, "../elsewhere", 0)).as("not a table name").isFalse();
    m = overall(store);
    assertThat(m.get(LineageTrace.SEED_READABLE_SHARE)).as("s's 3 rows lost their seed").isEqualTo(2.0 / 5);

    // Set s is deleted from docs_synthetic: t's rows now name a parent that is not there.
    DeltaTable.forPath(SPARK.spark(), store.path(Documents.SYNTHETIC_TABLE))
        .delete(col(LineageColumns.path(LineageColumns.SET_ID)).equalTo("s"));
    Dataset<Row> metrics = LineageTrace.metrics(store, store.read(Documents.SYNTHETIC_TABLE));
    m = pooled(metrics);
    assertThat(m.get(LineageTrace.PARENT_PRESENT_SHARE)).isEqualTo(0.0);
    assertThat(m.get(LineageTrace.PRESENT_SHARE)).as("the gate's metric fails").isEqualTo(0.0);
    Row perLineage = metrics.where(col(RunMetricsTable.METRIC).equalTo(LineageTrace.PARENT_PRESENT_SHARE))
        .where(col(RunMetricsTable.GENERATOR).equalTo("g2")).first();
    assertThat(perLineage.<Integer>getAs(RunMetricsTable.DEPTH)).isEqualTo(2);
  }

  private static Map<String, Double> overall(DeltaStore store) {
    return pooled(LineageTrace.metrics(store, store.read(Documents.SYNTHETIC_TABLE)));
  }

  private static Map<String, Double> pooled(Dataset<Row> metrics) {
    Map<String, Double> out = new HashMap<>();
    for (Row r : metrics.where(col(RunMetricsTable.GENERATOR).equalTo("*")).collectAsList()) {
      assertThat(out.put(r.getAs(RunMetricsTable.METRIC), r.getAs(RunMetricsTable.VALUE))).isNull();
    }
    return out;
  }
}
