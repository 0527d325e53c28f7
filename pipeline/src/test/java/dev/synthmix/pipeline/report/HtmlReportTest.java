package dev.synthmix.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderers on a model whose names and texts try to inject markup. */
class HtmlReportTest {

  private static final Pattern IMG = Pattern.compile("<img src=\"data:image/svg\\+xml;base64,([^\"]+)\" alt=\"([^\"]+)\"");

  @Test
  void escapesHostileNamesAndTextsAndEmbedsEveryChartAsADataUriImage() throws Exception {
    String html = HtmlReport.render(HostileModels.model());
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hostile-report.html"), html);

    assertThat(around(html, "<script")).as("no script element from the data").isEmpty();
    assertThat(around(html, "<img id=pwned")).as("no element from the data").isEmpty();
    assertThat(around(html, "onerror=\"")).as("no attribute break-out").isEmpty();
    assertThat(html).contains("&lt;script&gt;document.title&#61;").contains("&lt;/pre&gt;&lt;script&gt;")
        .contains("&quot;&gt;&lt;img id&#61;pwned").contains("bell\u2407 end").doesNotContain("\u0007");
    for (String s : HtmlReport.SECTIONS) {
      assertThat(html).as("section " + s).contains("<h2>" + s + "</h2>");
    }
    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
        + " style-src 'unsafe-inline'\">");
    assertThat(html).doesNotContain("http://").doesNotContain("https://");

    Matcher m = IMG.matcher(html);
    int images = 0;
    while (m.find()) {
      images++;
      String svg = new String(Base64.getDecoder().decode(m.group(1).replace("&#61;", "=")), StandardCharsets.UTF_8);
      assertThat(svg).as("chart " + m.group(2)).contains("<svg").doesNotContain("<script").doesNotContain("\u0007");
      assertThat(m.group(2)).isNotBlank();
    }
    assertThat(images).isEqualTo(HtmlReport.CHARTS);
    assertThat(html.split("<img ", -1)).as("every img is a chart").hasSize(HtmlReport.CHARTS + 1);
  }

  @Test
  void theContaminationSectionListsFoundItemsOrSaysThatNoBenchmarkWasChecked() throws Exception {
    ReportModel m = HostileModels.model();
    String html = HtmlReport.render(m);
    String section = html.substring(html.indexOf("<section id=\"contamination\">"), html.indexOf("<section id=\"diversity\">"));
    assertThat(section).contains("<tr class=\"bad\">").contains("q&lt;7&gt;").contains("<td class=\"n\">14</td>")
        .contains("&lt;/pre&gt;&lt;script&gt;").doesNotContain("No benchmark was checked");
    JsonNode card = new ObjectMapper().readTree(DataCard.json(m));
    assertThat(card.at("/contamination/checked").asBoolean()).isTrue();
    assertThat(card.at("/contamination/per_benchmark_and_lineage/0/items_found").asLong()).isEqualTo(1);

    ReportModel none = new ReportModel(m.run(), m.coverage(), m.shareThreshold(), m.overallSyntheticShare(),
        m.dupRates(), m.diversity(), m.trends(), m.clusters(), m.verdicts(), m.anomalies(), m.sets(), m.sources(),
        m.equalSize(), List.of(), List.of());
    assertThat(HtmlReport.render(none)).contains("No benchmark was checked on this date");
    assertThat(new ObjectMapper().readTree(DataCard.json(none)).at("/contamination/checked").asBoolean()).isFalse();
  }

  /** The text around the first occurrence (case-insensitive), or "" when absent: short failure messages. */
  static String around(String text, String needle) {
    int i = text.toLowerCase(java.util.Locale.ROOT).indexOf(needle.toLowerCase(java.util.Locale.ROOT));
    return i < 0 ? "" : text.substring(Math.max(0, i - 200), Math.min(text.length(), i + 200));
  }

  @Test
  void dataCardJsonRoundTripsHostileStringsAndMarkdownEscapesThem() throws Exception {
    ReportModel model = HostileModels.model();
    JsonNode card = new ObjectMapper().readTree(DataCard.json(model));

    assertThat(card.at("/synthetic_share/per_category/1/category").asText()).isEqualTo(HostileModels.CATEGORY);
    assertThat(card.at("/synthetic_share/overall").asDouble()).isEqualTo(0.3);
    assertThat(card.at("/generators/0/generator").asText()).isEqualTo(HostileModels.GENERATOR);
    assertThat(card.at("/generators/1/lineage")).extracting(JsonNode::asText)
        .containsExactly("set-d2", "set-d1", "docs_real@3");
    assertThat(card.at("/generators/1/prov:wasDerivedFrom").asText()).isEqualTo("set-d1");
    assertThat(card.at("/duplicates/leakage_rate").asDouble()).isEqualTo(0.06);
    assertThat(card.at("/real_sources/1/licence").asText()).isEqualTo("unknown");
    assertThat(card.at("/gate_verdicts/0/message").asText()).contains(HostileModels.CATEGORY);
    assertThat(card.at("/training_content_summary/data_sources/main_datasets")).hasSize(2);
    for (String f : List.of("rai:dataCollection", "rai:dataCollectionType", "rai:dataPreprocessingProtocol",
        "rai:dataAnnotationProtocol", "rai:dataBiases", "rai:dataLimitations", "rai:personalSensitiveInformation",
        "prov:wasDerivedFrom", "prov:wasGeneratedBy")) {
      assertThat(card.has(f)).as(f).isTrue();
    }

    String md = DataCardMarkdown.render(model);
    assertThat(md).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>").doesNotContain("\u0007")
        .contains("&lt;script&gt;document\\.title\\=\\'PWNED\\'&lt;/script&gt;")
        .contains("letters\\|&lt;b&gt;x&lt;/b&gt;");
    assertThat(md.lines().filter(l -> l.startsWith("| sotu")).findFirst()).get().asString()
        .satisfies(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).hasSize(6));
  }
}
