package dev.synthmix.pipeline.report;

import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.store.DeltaStore;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report step: loads the date's model from the tables and writes {@code report.html}, {@code
 * datacard.json} and {@code datacard.md} to {@code <report dir>/<run date>/}.
 */
public final class Report {

  private static final Logger LOG = LoggerFactory.getLogger(Report.class);

  public static final String HTML = "report.html";
  public static final String DATACARD_JSON = "datacard.json";
  public static final String DATACARD_MD = "datacard.md";

  /**
   * @param folder where the files went
   * @param files each file's path → size in bytes
   */
  public record Written(LocalDate runDate, String folder, Map<String, Long> files) {}

  private Report() {}

  /**
   * @param date the run date, null for the latest audited date
   * @param current the run in progress when this is a step of it, else null
   */
  public static Written write(DeltaStore store, ReportSettings settings, LocalDate date, RunLedger current) {
    ReportModel model = new ReportLoader(store, settings).load(date, current);
    LocalDate d = model.run().runDate();
    String folder = settings.folder(store.root(), d);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(HTML, HtmlReport.render(model).getBytes(StandardCharsets.UTF_8));
    files.put(DATACARD_JSON, DataCard.json(model).getBytes(StandardCharsets.UTF_8));
    files.put(DATACARD_MD, DataCardMarkdown.render(model).getBytes(StandardCharsets.UTF_8));
    Map<String, Long> written = ReportWriter.write(folder, files, store.spark().sparkContext().hadoopConfiguration());
    LOG.info("report {}: {}", d, written.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " bytes)")
        .collect(Collectors.joining(", ")));
    return new Written(d, folder, written);
  }
}
