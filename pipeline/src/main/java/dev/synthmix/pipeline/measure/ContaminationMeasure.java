package dev.synthmix.pipeline.measure;

import static org.apache.spark.sql.functions.col;

import dev.synthmix.pipeline.contamination.BenchmarkItems;
import dev.synthmix.pipeline.contamination.Contamination;
import dev.synthmix.pipeline.contamination.ContaminationSettings;
import dev.synthmix.pipeline.ingest.SourceSpec;
import dev.synthmix.pipeline.metrics.MetricCatalogue;
import dev.synthmix.pipeline.metrics.MetricsLong;
import dev.synthmix.pipeline.schema.ContaminationTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluation-set contamination of the mix ({@link Contamination}): {@code contamination_matches}
 * and {@code contamination}, and its pooled rows (benchmark "*") as metrics. Runs only when
 * benchmarks are configured.
 */
public final class ContaminationMeasure implements Measure {

  /** The table columns and their metric names, read off the rows pooling every benchmark. */
  static final Map<String, String> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put(ContaminationTables.DOCUMENTS_CONTAMINATED, MetricCatalogue.CONTAMINATION_DOCUMENTS);
    METRICS.put(ContaminationTables.CONTAMINATED_SHARE, MetricCatalogue.CONTAMINATION_SHARE);
    METRICS.put(ContaminationTables.ITEMS_FOUND, MetricCatalogue.CONTAMINATION_ITEMS_FOUND);
    METRICS.put(ContaminationTables.ITEMS_FOUND_SHARE, MetricCatalogue.CONTAMINATION_ITEMS_FOUND_SHARE);
  }

  private final ContaminationSettings settings;
  // The result whose cached inputs are freed once its tables are written (see metrics).
  private Contamination.Result running;

  public ContaminationMeasure(ContaminationSettings settings) {
    if (settings.benchmarks().isEmpty()) {
      throw new IllegalArgumentException("Cannot check contamination: no benchmarks (set "
          + ContaminationSettings.BENCHMARKS + " or give --benchmark)");
    }
    this.settings = settings;
  }

  @Override
  public String stage() {
    return "audit-contamination";
  }

  @Override
  public String description() {
    return "evaluation items inside the mix: " + settings.ngram() + "-gram overlap, confirmed word by word";
  }

  @Override
  public List<Output> outputs(MeasureInput input) {
    Dataset<Row> items = BenchmarkItems.read(input.store().spark(), settings.benchmarks());
    List<String> names = settings.benchmarks().stream().map(SourceSpec::name).toList();
    running = new Contamination(settings).find(input.mix(), items, input.profile().byCategory(), names);
    input.ledger().count("contamination.items_checked", running.itemsChecked());
    return List.of(
        new Output(ContaminationTables.MATCHES, running.matches(),
            "mix documents sharing a confirmed n-gram with an evaluation item"),
        new Output(ContaminationTables.TABLE, running.table(),
            "evaluation-set contamination per benchmark x origin x generator x depth x category"));
  }

  @Override
  public Dataset<Row> metrics(MeasureInput input, Map<String, Dataset<Row>> stored) {
    if (running != null) {
      // Counted off the kept matches (the rows just written), then their cache is freed.
      input.ledger().count("contamination.matches", running.matches().count());
      running.release();
      running = null;
    }
    Dataset<Row> table = stored.get(ContaminationTables.TABLE);
    return MetricsLong.fromWide(table.where(col(ContaminationTables.BENCHMARK).equalTo(ContaminationTables.ALL)),
        MetricCatalogue.SCOPE_CONTAMINATION, METRICS);
  }
}
