package dev.synthmix.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightly} twice for the same date, as a scheduler retrying a night would: the second run
 * must leave every table with the same contents (no duplicate rows, documents not rewritten), and
 * the exit code must say the gates failed both times.
 */
class NightlyIT {

  @TempDir Path tmp;

  /** A small nightly: a tenth of the embedded corpus and small demo sets. */
  private static final String[] SETTINGS = {
    "-Dsynthmix.nightly.embedded-demo=true",
    "-Dsynthmix.demo.corpus-fraction=0.1",
    "-Dsynthmix.demo.markov.fraction=0.05",
    "-Dsynthmix.demo.markov.depths=2",
    "-Dsynthmix.demo.perturb.fraction=0.05",
    "-Dsynthmix.demo.sentence-mix.fraction=0.05",
  };

  @Test
  void nightlyTwiceForOneDateLeavesIdenticalTables() throws Exception {
    Path wh = tmp.resolve("wh");
    String w = "-Dsynthmix.warehouse=" + wh;

    Launcher.Result first = nightly(w);
    // The demo's sets leak real text on purpose, so the leakage gate fails: exit 1, outputs written.
    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(1);
    assertThat(first.stderr()).contains("quality gate failed (outputs written)").contains("stage audit-coverage: ");
    List<String> tables = tables(wh);
    assertThat(tables).as("tables written by the first night")
        .contains("docs_real", "docs_synthetic", "coverage", "diversity", "collapse", "dup_pairs", "dup_clusters",
            "dup_rates", "run_metrics", "gate_verdicts", "runs");
    List<String> before = contents(w, wh, tables);
    String versionsBefore = versions(w, wh);

    Launcher.Result second = nightly(w);
    assertThat(second.exitCode()).as(second.stderr()).isEqualTo(1);
    assertThat(second.stderr()).contains("are already in docs_synthetic: not made again")
        .contains("no new or changed documents");
    assertThat(tables(wh)).isEqualTo(tables);
    List<String> after = contents(w, wh, tables);

    assertThat(after).as("every table but runs, row for row, after the second night").isEqualTo(before);
    assertThat(before).as("the tables are not empty").hasSizeGreaterThan(1000);
    assertThat(versions(w, wh)).as("documents are not rewritten by a rerun").isEqualTo(versionsBefore);

    Launcher.Result runs = Launcher.run(w, "sql", "select run_id, status, exit_code from runs order by started_at");
    assertThat(runs.stdout().lines().skip(1).toList()).as("the runs table logs both nights")
        .containsExactly("nightly-2026-01-15\tgate-failed\t1", "nightly-2026-01-15\tgate-failed\t1");
  }

  private static Launcher.Result nightly(String warehouse) throws Exception {
    List<String> args = new ArrayList<>(List.of(warehouse));
    args.addAll(Arrays.asList(SETTINGS));
    args.addAll(List.of("nightly", "--date", "2026-01-15"));
    return Launcher.run(args.toArray(String[]::new));
  }

  /** Delta tables of the warehouse, by name. */
  private static List<String> tables(Path wh) throws Exception {
    try (Stream<Path> s = Files.list(wh)) {
      return s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every row of every table except runs (a log of runs), as JSON, sorted. */
  private static List<String> contents(String w, Path wh, List<String> tables) throws Exception {
    String query = String.join(" union all ", tables.stream().filter(t -> !t.equals("runs"))
        .map(t -> "select '" + t + "' as t, to_json(struct(*)) as j from delta.`" + wh.resolve(t) + "`").toList())
        + " order by t, j";
    Launcher.Result r = Launcher.run(w, "sql", query);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().lines().skip(1).toList();
  }

  /** The Delta history of the document tables: unchanged when nothing was committed. */
  private static String versions(String w, Path wh) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String t : List.of("docs_real", "docs_synthetic")) {
      Launcher.Result r = Launcher.run(w, "history", t);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      out.append(r.stdout());
    }
    return out.toString();
  }
}
