package dev.synthmix.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written report.html of a hostile model, opened in headless Chromium: every section and chart
 * is in the DOM, and nothing from the data ran (the payloads would set the title to PWNED, add an
 * element with id pwned, or append PWNED to the body). A screenshot goes to target/ for people.
 *
 * <p>Without {@code /usr/bin/chromium} the test is skipped with a notice (so the README's test
 * command passes on a machine with only Java and Maven), unless {@code
 * -Dsynthmix.test.browser=required}, which CI sets after installing the browser.
 */
class ChromiumReportTest {

  /** The browser; {@code -Dsynthmix.test.chromium=<path>} names another (or a missing one, to see the skip). */
  static final Path CHROMIUM = Path.of(System.getProperty("synthmix.test.chromium", "/usr/bin/chromium"));
  static final long TIMEOUT_SECONDS = 90;
  /** {@code -Dsynthmix.test.browser=required} turns a missing browser into a failure (CI sets it). */
  static final String BROWSER_PROPERTY = "synthmix.test.browser";
  static final String BROWSER_REQUIRED = "required";

  @TempDir static Path tmp;
  static Path html;
  /** Why the browser test cannot run here, or null. */
  static String skipped;

  @BeforeAll
  static void write() {
    if (!Files.isExecutable(CHROMIUM)) {
      String why = "Cannot run the browser test: " + CHROMIUM + " is missing. Install it with"
          + " `apt-get install -y chromium` (Debian; CI's .ci/run does this)";
      if (BROWSER_REQUIRED.equals(System.getProperty(BROWSER_PROPERTY))) {
        fail(why + " (" + BROWSER_PROPERTY + "=" + BROWSER_REQUIRED + ")");
      }
      // Loud on purpose: Surefire counts it as skipped, and this banner says why and how to run it.
      System.err.println("\n*** SKIPPED: ChromiumReportTest (1 test). " + why
          + ". CI runs it with -D" + BROWSER_PROPERTY + "=" + BROWSER_REQUIRED + ". ***\n");
      skipped = why;
      return;
    }
    String folder = tmp.resolve("reports").toUri() + "/2026-03-01";
    Map<String, Long> written = ReportWriter.write(folder,
        Map.of(Report.HTML, HtmlReport.render(HostileModels.model()).getBytes(StandardCharsets.UTF_8)), new Configuration());
    assertThat(written).hasSize(1);
    html = tmp.resolve("reports/2026-03-01/" + Report.HTML);
    assertThat(html).exists();
  }

  private static String chromium(List<String> extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(tmp, "profile");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    cmd.addAll(extra);
    cmd.add(html.toUri().toString());
    Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out);
  }

  @Test
  void browserShowsEverySectionAndChartAndRunsNothingFromTheData() throws Exception {
    assumeTrue(skipped == null, skipped); // counted by Surefire as skipped
    String dom = chromium(List.of("--dump-dom"));
    Files.writeString(Path.of("target", "report-dom.html"), dom);

    assertThat(dom).as("DOM dumped").contains("<body>");
    Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(dom);
    assertThat(title.find()).isTrue();
    assertThat(title.group(1)).isEqualTo("synthmix report 2026-03-01");
    assertThat(HtmlReportTest.around(dom, "<script")).as("no script element in the DOM").isEmpty();
    assertThat(HtmlReportTest.around(dom, "id=\"pwned\"")).as("no element injected by a name").isEmpty();
    assertThat(dom).as("the body-append payload did not run").doesNotContain("PWNED</body>");
    for (String s : HtmlReport.SECTIONS) {
      assertThat(dom).as("section " + s).contains("<h2>" + s + "</h2>");
    }
    Matcher img = Pattern.compile("<img ([^>]*)>").matcher(dom);
    int images = 0;
    while (img.find()) {
      images++;
      assertThat(img.group(1)).as("image " + images).startsWith("src=\"data:image/svg+xml;base64,").contains(" alt=\"");
    }
    assertThat(images).as("chart images").isEqualTo(HtmlReport.CHARTS);
    assertThat(dom).as("hostile text shown as text").contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;")
        .contains("bell\u2407 end");

    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    chromium(List.of("--screenshot=" + shot, "--window-size=1200,4200", "--hide-scrollbars"));
    assertThat(shot).exists();
    assertThat(Files.size(shot)).isPositive();
  }
}
