package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synthmix.pipeline.testing.SparkTestSession;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected (the failsafe classpath holds the shaded jar, not the pipeline's classes: tables
 * are read with plain Spark here) into real launcher runs (fresh JVMs): kill -9 mid-write, two runs at once on
 * one warehouse, a warehouse that cannot be written. Tables are read back in this JVM.
 */
class ReliabilityIT {

  static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    SPARK.start();
  }

  @AfterAll
  static void stop() {
    SPARK.stop();
  }

  /** {@code n} records with ids {@code prefix-i}; every 10th has an empty text (quarantined). */
  private Path corpus(String prefix, int n) throws IOException {
    Path p = tmp.resolve(prefix + ".jsonl");
    try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write("{\"id\":\"" + prefix + "-" + i + "\",\"text\":\"" + (i % 10 == 9 ? "" : text(prefix, i))
            + "\",\"category\":\"c" + (i % 3) + "\"}\n");
      }
    }
    return p;
  }

  private static String text(String prefix, int i) {
    return "record " + i + " of " + prefix + " with a few more words to make the merge take a moment";
  }

  /** doc_id → text that an uninterrupted ingest of these corpora writes. */
  private static Map<String, String> expected(Map<String, Integer> corpora) {
    Map<String, String> out = new java.util.TreeMap<>();
    corpora.forEach((prefix, n) -> {
      for (int i = 0; i < n; i++) {
        if (i % 10 != 9) {
          out.put(prefix + ":" + prefix + "-" + i, text(prefix, i)); // each corpus is ingested as source <prefix>
        }
      }
    });
    return out;
  }

  /** doc_id → text of docs_real at {@code version} (null: latest); also checks one text_hash per text. */
  private static Map<String, String> docs(Path wh, Long version) {
    var reader = SPARK.spark().read().format("delta");
    if (version != null) {
      reader = reader.option("versionAsOf", version);
    }
    var table = reader.load(wh.resolve(Documents.REAL_TABLE).toString());
    List<Row> rows = table.select("doc_id", "text").collectAsList();
    Map<String, String> out = new java.util.TreeMap<>();
    rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
    assertThat(out).as("no duplicate doc_id at version " + version).hasSize(rows.size());
    assertThat(table.where("text_hash is null").count()).isZero();
    assertThat(table.select("text_hash").distinct().count()).as("one text_hash per distinct text")
        .isEqualTo(table.select("text").distinct().count());
    return out;
  }

  private static long version(Path wh, String table) {
    Path t = wh.resolve(table);
    if (!Files.exists(t.resolve("_delta_log"))) {
      return -1;
    }
    return SPARK.spark().sql("DESCRIBE HISTORY delta.`" + t + "`").selectExpr("max(version)").first().getLong(0);
  }

  /** Table names, as in DESIGN.md. */
  private static final class Documents {
    static final String REAL_TABLE = "docs_real";
  }

  private static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Launcher.root().resolve("scripts/synthmix").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Launcher.root().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SYNTHMIX_DRIVER_MEMORY", "1g");
    pb.environment().put("SYNTHMIX_MASTER", "local[2]");
    return pb.start();
  }

  /** kill -9 of the run and everything it started: no shutdown hook, no cleanup. */
  private static void killHard(Process p) throws InterruptedException {
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static Set<String> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(Path::toString).filter(f -> f.endsWith(suffix)).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Kills the run (a) while its MERGE writes data files, before the Delta commit, and (b) right
   * after the docs commit appears, between that commit and the quarantine/properties/runs
   * commits. Each time the table must be readable at a complete version; a rerun must converge.
   */
  @Test
  void aRunKilledMidWriteLeavesACompleteVersionAndARerunConverges() throws Exception {
    Path wh = tmp.resolve("wh");
    Path before = corpus("before", 2_000);
    Path big = corpus("big", 20_000);
    Launcher.Result first = Launcher.run("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", before.toString());
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Map<String, String> onlyBefore = expected(Map.of("before", 2_000));
    Map<String, String> both = expected(Map.of("before", 2_000, "big", 20_000));
    Path table = wh.resolve(Documents.REAL_TABLE);

    String[] triggers = {".parquet", ".json"};
    for (String trigger : triggers) {
      long previous = version(wh, Documents.REAL_TABLE);
      Map<String, String> previousDocs = docs(wh, previous);
      Set<String> old = files(table, trigger);
      Process run = start(tmp.resolve("killed" + trigger + ".log"), "-Dsynthmix.warehouse=" + wh, "ingest-real",
          "--input", big.toString(), "--source", "big");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      boolean seen = false;
      while (!seen && run.isAlive() && System.nanoTime() < deadline) {
        seen = !old.containsAll(files(table, trigger));
        if (!seen) {
          Thread.sleep(5);
        }
      }
      killHard(run);
      assertThat(seen).as("a new " + trigger + " file appeared before the kill; log:\n"
          + Files.readString(tmp.resolve("killed" + trigger + ".log"))).isTrue();

      long after = version(wh, Documents.REAL_TABLE);
      Map<String, String> now = docs(wh, null);
      assertThat(docs(wh, previous)).as("the previous version still reads as it was").isEqualTo(previousDocs);
      assertThat(now).as("killed on the first new " + trigger + ": the table is at a complete version, v" + previous
          + " → v" + after).isIn(onlyBefore, both);
      System.out.printf("killed on first new %s: docs_real v%d -> v%d, %d rows%n", trigger, previous, after, now.size());
    }

    Launcher.Result rerun = Launcher.run("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", big.toString(),
        "--source", "big");
    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(docs(wh, null)).as("the rerun gives what an uninterrupted run gives").isEqualTo(both);
    long quarantined = SPARK.spark().read().format("delta").load(wh.resolve("quarantine").toString())
        .where("source = 'big'").count();
    assertThat(quarantined).as("each refused record once").isEqualTo(2_000);
    assertThat(rerun.stderr()).contains("read 20000 = written 18000");
  }

  /**
   * Two runs ingest different sources into one new warehouse at the same time: both succeed (a
   * commit that loses Delta's optimistic check is retried) or one fails with exit 4 naming the
   * conflict; the table holds exactly what the successful runs wrote.
   */
  @Test
  void twoRunsAtOnceOnOneWarehouseEndWithTheUnionOfWhatSucceeded() throws Exception {
    Path wh = tmp.resolve("wh-concurrent");
    Path left = corpus("left", 3_000);
    Path right = corpus("right", 3_000);
    CompletableFuture<Launcher.Result> a = CompletableFuture.supplyAsync(() -> launch(wh, left, "left"));
    CompletableFuture<Launcher.Result> b = CompletableFuture.supplyAsync(() -> launch(wh, right, "right"));
    Map<String, Launcher.Result> results = Map.of("left", a.get(), "right", b.get());

    Map<String, Integer> succeeded = new java.util.TreeMap<>();
    results.forEach((source, r) -> {
      assertThat(r.exitCode()).as(source + ":\n" + r.stderr()).isIn(0, 4);
      if (r.exitCode() == 0) {
        succeeded.put(source, 3_000);
      } else {
        assertThat(r.stderr()).contains("another run is writing").contains("Rerun");
      }
    });
    assertThat(succeeded).as("at least one run succeeds").isNotEmpty();
    assertThat(docs(wh, null)).isEqualTo(expected(succeeded));
    Row detail = SPARK.spark().sql("DESCRIBE DETAIL delta.`" + wh.resolve(Documents.REAL_TABLE) + "`").first();
    String sources = detail.<String, String>getJavaMap(detail.fieldIndex("properties")).get("synthmix.sources");
    assertThat(sources).as("the sources property is the union, no lost update")
        .isEqualTo(String.join(",", succeeded.keySet()));
    System.out.printf("concurrent runs: exit codes left %d, right %d; retries logged: %d%n",
        results.get("left").exitCode(), results.get("right").exitCode(),
        results.values().stream().mapToLong(r -> r.stderr().lines().filter(l -> l.contains("retrying, attempt")).count()).sum());
  }

  private static Launcher.Result launch(Path wh, Path input, String source) {
    try {
      return Launcher.run("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input", input.toString(), "--source", source);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWarehouseThatCannotBeWrittenFailsBeforeAnyInputIsRead() throws Exception {
    // Tests run as root, where a 0555 folder is still writable: a path under a regular file is not.
    Path file = Files.writeString(tmp.resolve("file.txt"), "a file, not a folder");
    Path wh = file.resolve("wh");
    // The input does not exist: had the run read it first, it would exit 3, not 4.
    Launcher.Result r = Launcher.run("-Dsynthmix.warehouse=" + wh, "ingest-real", "--input",
        tmp.resolve("never-read.jsonl").toString());
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
    assertThat(r.stderr()).contains("Cannot write to the warehouse file:" + wh).contains("Nothing was read or written");
    assertThat(r.stderr()).doesNotContain("never-read.jsonl does not exist");
  }
}
