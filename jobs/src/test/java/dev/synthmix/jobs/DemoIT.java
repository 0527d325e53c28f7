package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end in a fresh JVM (smaller synthetic sets than the default, same code path). */
class DemoIT {

  @TempDir Path tmp;

  private static List<String> rows(Launcher.Result r) {
    return Arrays.asList(r.stdout().split("\n"));
  }

  /** The table's latest version, from its log's file names: no JVM launched to read a number. */
  private static long versions(Path warehouse, String table) {
    try (var log = Files.list(warehouse.resolve(table).resolve("_delta_log"))) {
      return log.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElse(-1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void demoBuildsRealAndLineageTaggedSyntheticTablesAndRefusesASetWithoutAModel() throws Exception {
    Path wh = tmp.resolve("wh");
    String w = "-Dsynthmix.warehouse=" + wh;
    // A quarter of the embedded corpus (a stable sample: 3,240 passages) keeps CI short.
    Launcher.Result demo = Launcher.run(w, "-Dsynthmix.demo.corpus-fraction=0.25", "-Dsynthmix.demo.markov.fraction=0.03", "-Dsynthmix.demo.perturb.fraction=0.02",
        "-Dsynthmix.demo.sentence-mix.fraction=0.02", "demo");
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    assertThat(rows(demo)).first().asString().startsWith("category\treal\t");
    assertThat(demo.stdout()).contains("Republican\t1380\t").contains("Federalist\t16\t");

    // The demo wrote the report and data card of its run date, though its gates failed.
    Path reports = wh.resolve("reports");
    List<Path> dates;
    try (var list = Files.list(reports)) {
      dates = list.toList();
    }
    assertThat(dates).as("one report folder per run date").hasSize(1);
    Path day = dates.get(0);
    assertThat(day.resolve("report.html")).isNotEmptyFile();
    assertThat(day.resolve("datacard.md")).isNotEmptyFile();
    assertThat(Files.readString(day.resolve("report.html"))).contains("<h2>Gate verdicts</h2>").doesNotContain("<script");
    JsonNode card = new ObjectMapper().readTree(day.resolve("datacard.json").toFile());
    assertThat(card.at("/generators")).extracting(g -> g.get("set_id").asText())
        .contains("markov-o2-d1", "markov-o2-d3", "perturb-d1", "sentence-mix-d1");
    assertThat(card.at("/generators")).filteredOn(g -> g.get("set_id").asText().equals("markov-o2-d3")).singleElement()
        .satisfies(g -> assertThat(g.get("lineage").get(3).asText()).startsWith("docs_real@"));
    assertThat(card.at("/synthetic_share/overall").asDouble()).isBetween(0.01, 0.5);
    assertThat(card.at("/synthetic_share/per_category")).hasSize(8);
    assertThat(card.at("/real_sources/0/licence").asText()).contains("Public domain");

    // The report command rewrites the latest date's files from the tables; an unaudited date is exit 2.
    Launcher.Result report = Launcher.run(w, "report");
    assertThat(report.exitCode()).as(report.stderr()).isZero();
    assertThat(report.stderr()).contains("report.html (").contains("datacard.json (");
    Launcher.Result none = Launcher.run(w, "report", "--date", "1999-01-01");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.stderr()).contains("no audit outputs for 1999-01-01").contains("run audit, nightly or demo first");

    // One JVM for three queries (the shell prints each result with its header, in order): lineage
    // per set, the corpus by path with the docs_real versions depth-1 sets name, and the audit's
    // diversity per generator and depth.
    Launcher.Result queries = Launcher.runWithInput(Map.of(),
        "select lineage.generator.name as generator, lineage.depth as depth, lineage.seed_table as seed_table,"
            + " count(*) as n, count(lineage.seed_version) as with_version from docs_synthetic group by 1, 2, 3 order by 1, 2;\n"
            + "select (select count(*) from delta.`" + wh + "/docs_real`) as n,"
            + " count(distinct lineage.seed_version) as seed_versions, max(lineage.seed_version) as v"
            + " from docs_synthetic where lineage.depth = 1;\n"
            + "select generator, depth, round(value, 3) as distinct_2 from run_metrics where metric = 'diversity.distinct_2'"
            + " and category = '*' and origin = 'synthetic' order by generator, depth;\n"
            + "select regexp_replace(text, '\\\\s+', ' ') as text from docs_real order by doc_id limit 1;\n",
        w, "shell");
    assertThat(queries.exitCode()).as(queries.stderr()).isZero();
    assertThat(queries.stderr()).contains("4 statement(s), 0 failed");
    List<String> out = rows(queries);
    assertThat(out).as(queries.stdout()).hasSize(6 + 2 + 6 + 2);
    List<String> lineage = out.subList(0, 6);
    assertThat(lineage).first().isEqualTo("generator\tdepth\tseed_table\tn\twith_version");
    assertThat(lineage.subList(1, 6)).extracting(l -> String.join("\t", Arrays.copyOfRange(l.split("\t"), 0, 3)))
        .containsExactly("markov\t1\tdocs_real", "markov\t2\tdocs_synthetic", "markov\t3\tdocs_synthetic",
            "perturb\t1\tdocs_real", "sentence-mix\t1\tdocs_real");
    assertThat(lineage.subList(1, 6)).allMatch(l -> l.split("\t")[3].equals(l.split("\t")[4]));

    List<String> seeded = out.subList(6, 8);
    assertThat(seeded).first().isEqualTo("n\tseed_versions\tv");
    String[] seededRow = seeded.get(1).split("\t");
    assertThat(seededRow[0]).isEqualTo("3240");
    assertThat(seededRow[1]).as("every depth-1 row names one docs_real version").isEqualTo("1");
    assertThat(Launcher.run(w, "sql", "select count(*) as n from docs_real version as of " + seededRow[2]).stdout())
        .as("the seed version exists and holds the corpus").isEqualTo("n\n3240\n");

    // The demo ran the audit: its tables hold today's slice, every generator and depth measured.
    List<String> depths = out.subList(8, 14);
    assertThat(depths).first().isEqualTo("generator\tdepth\tdistinct_2");
    assertThat(depths.subList(1, 6)).as("one row per generator and depth").doesNotHaveDuplicates();

    Launcher.Result history = Launcher.run(w, "history", "docs_synthetic");
    List<String> merges = rows(history).stream().filter(l -> l.contains("\tMERGE\t")).toList();
    assertThat(merges).hasSize(5);
    assertThat(merges).anyMatch(l -> l.contains("\tperturb-d1\tperturb\t1\t"))
        .anyMatch(l -> l.contains("\tmarkov-o2-d3\tmarkov\t3\t"));

    // A set whose manifest lacks the model name: exit 3, and no table version changes.
    Path set = Files.createDirectories(tmp.resolve("bad-set"));
    Files.writeString(set.resolve("data.jsonl"), "{\"id\":\"x1\",\"text\":\"some text\",\"category\":\"Whig\"}\n");
    Files.writeString(set.resolve("manifest.json"), "{\"set-id\":\"bad\",\"generator\":{\"name\":\"g\",\"version\":\"1\"},"
        + "\"prompt\":{\"template-id\":\"p\"},\"seed\":{\"table\":\"docs_real\",\"version\":1},\"depth\":1,"
        + "\"generation\":{\"run-id\":\"r\",\"generated-at\":\"2026-01-01T00:00:00Z\"},\"data\":{\"path\":\"data.jsonl\"}}");
    List<String> tables = List.of("docs_real", "docs_synthetic", "quarantine", "runs");
    List<Long> before = tables.stream().map(t -> versions(wh, t)).toList();
    Launcher.Result refused = Launcher.run(w, "ingest-synthetic", "--manifest", set.resolve("manifest.json").toString());
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.stderr()).contains("field 'generator.model' is missing");
    assertThat(tables.stream().map(t -> versions(wh, t)).toList()).as("versions of " + tables).isEqualTo(before);

    // An evaluation set holding the first 20 words of a real passage, plus one item found nowhere
    // (the audit checks it; ContaminationCommandTest covers the command's own arguments).
    String[] words = out.get(15).split(" ");
    ObjectMapper json = new ObjectMapper();
    Path eval = tmp.resolve("eval.jsonl");
    Files.writeString(eval, json.writeValueAsString(Map.of("id", "leak-1",
        "text", String.join(" ", Arrays.copyOfRange(words, 0, Math.min(20, words.length))))) + "\n"
        + json.writeValueAsString(Map.of("id", "clean-1", "text", "zebra quartz violin nebula cactus harbor tundra"
            + " origami lantern glacier mosaic walrus falcon prism")) + "\n");
    // Gates configured to fail make audit exit 1, naming the gate, the metric and the threshold;
    // the contamination gate reads the benchmark listed in the same settings.
    Path strict = tmp.resolve("strict.conf");
    Files.writeString(strict, "synthmix.gates = [ { name = tiny-synthetic-share, metric = \"coverage.synthetic_share\","
        + " where { generator = \"*\" }, comparator = \"<=\", threshold = 0.01, severity = fail },"
        + " { name = no-contamination, metric = \"contamination.items_found\", where { category = \"*\", origin = real },"
        + " comparator = \"<=\", threshold = 0, severity = fail, min-documents = 0 } ]\n"
        + "synthmix.contamination.benchmarks = [ { name = eval, path = \"" + eval + "\" } ]\n");
    Launcher.Result audit = Launcher.run(w, "-Dconfig.file=" + strict, "audit");
    assertThat(audit.exitCode()).as(audit.stderr()).isEqualTo(1);
    assertThat(audit.stderr()).contains("tiny-synthetic-share").contains("coverage.synthetic_share").contains("0.01");
    assertThat(audit.stdout()).startsWith("gate\tseverity\tstatus").contains("tiny-synthetic-share\tfail\tfailed")
        .contains("no-contamination\tfail\tfailed");
    Launcher.Result runs = Launcher.runWithInput(Map.of(), "select status, exit_code from runs where command = 'audit';\n"
        + "select benchmark, item_id, origin, longest_span_tokens from contamination_matches"
        + " where origin = 'real' order by 1, 2;\n", w, "shell");
    assertThat(runs.exitCode()).as(runs.stderr()).isZero();
    List<String> ran = rows(runs);
    assertThat(ran.subList(0, 2)).containsExactly("status\texit_code", "gate-failed\t1");
    assertThat(ran.subList(2, ran.size())).as("the leaked passage, found in real, the clean item nowhere")
        .first().isEqualTo("benchmark\titem_id\torigin\tlongest_span_tokens");
    assertThat(ran.subList(3, ran.size())).isNotEmpty().allMatch(l -> l.startsWith("eval\tleak-1\treal\t"));
  }
}
