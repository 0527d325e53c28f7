package dev.synthmix.pipeline.openlineage;

import dev.synthmix.pipeline.run.RunContext;
import dev.synthmix.pipeline.run.RunLedger;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.utils.UUIDUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLineage run events through the OpenLineage Java client: START when the run starts, then
 * COMPLETE or FAIL with the tables read and written (namespace = the warehouse URI, name = the
 * table, {@code version} facet = the Delta version), and for an audit the figures of {@code
 * run_metrics} ({@code dataQualityMetrics}) and the gate verdicts ({@code dataQualityAssertions})
 * on its inputs.
 */
final class OpenLineageEmitter implements LineageEmitter {

  private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);

  static final URI PRODUCER = URI.create("urn:synthmix:jobs");
  /** The tag source of the run facets that carry synthmix's own run identity. */
  static final String TAG_SOURCE = "SYNTHMIX";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final OpenLineageClient client;
  private final String namespace;
  private final String jobNamespace;
  private final String where;
  /** One OpenLineage run per command run: a rerun of the same synthmix run id is a new run. */
  private final UUID runUuid = UUIDUtils.generateNewUUID();

  OpenLineageEmitter(Transport transport, String namespace, String jobNamespace, String where) {
    this.client = OpenLineageClient.builder().transport(transport).build();
    this.namespace = namespace;
    this.jobNamespace = jobNamespace;
    this.where = where;
  }

  static OpenLineageEmitter create(LineageSettings settings, String warehouse) {
    String namespace = settings.namespace().orElse(warehouse);
    if (settings.transport() == LineageSettings.Transport.FILE) {
      Path file = Path.of(settings.filePath()).toAbsolutePath();
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        LOG.warn("cannot create the folder of the OpenLineage events file {}: {}", file, e.getMessage());
      }
      return new OpenLineageEmitter(new FileTransport(new FileConfig(file.toString())), namespace,
          settings.jobNamespace(), "file " + file);
    }
    HttpConfig http = new HttpConfig();
    http.setUrl(settings.httpUrl().orElseThrow());
    settings.httpApiKey().ifPresent(key -> {
      ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
      auth.setApiKey(key);
      http.setAuth(auth);
    });
    return new OpenLineageEmitter(new HttpTransport(http), namespace, settings.jobNamespace(),
        "http " + settings.httpUrl().get());
  }

  @Override
  public void start(RunLedger ledger) {
    emit(event(EventType.START, ledger, List.of(), List.of(), null));
  }

  @Override
  public void complete(RunLedger ledger, RunQuality quality) {
    emit(event(EventType.COMPLETE, ledger, inputs(ledger, quality), outputs(ledger), null));
  }

  @Override
  public void fail(RunLedger ledger, String message, Throwable cause) {
    StringWriter trace = new StringWriter();
    if (cause != null) {
      cause.printStackTrace(new PrintWriter(trace));
    }
    var error = ol.newErrorMessageRunFacet(message == null ? "unknown error" : message, "Java",
        cause == null ? null : trace.toString());
    emit(event(EventType.FAIL, ledger, inputs(ledger, RunQuality.NONE), outputs(ledger), error));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      LOG.warn("could not close the OpenLineage client: {}", e.getMessage());
    }
  }

  RunEvent event(EventType type, RunLedger ledger, List<InputDataset> inputs, List<OutputDataset> outputs,
      OpenLineage.ErrorMessageRunFacet error) {
    RunContext ctx = ledger.context();
    var runFacets = ol.newRunFacetsBuilder()
        .nominalTime(ol.newNominalTimeRunFacet(ctx.runDate().atStartOfDay(ZoneOffset.UTC), null))
        .tags(ol.newTagsRunFacet(List.of(
            ol.newTagsRunFacetFields("synthmix.run_id", ctx.runId(), TAG_SOURCE),
            ol.newTagsRunFacetFields("synthmix.run_date", ctx.runDate().toString(), TAG_SOURCE),
            ol.newTagsRunFacetFields("synthmix.git_sha", ctx.gitSha(), TAG_SOURCE),
            ol.newTagsRunFacetFields("synthmix.settings_hash", String.valueOf(ctx.settingsHash()), TAG_SOURCE))));
    if (error != null) {
      runFacets.errorMessage(error);
    }
    var job = ol.newJobBuilder().namespace(jobNamespace).name(ctx.command())
        .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", TAG_SOURCE, "COMMAND")).build())
        .build();
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
        .run(ol.newRun(runUuid, runFacets.build()))
        .job(job)
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  private List<InputDataset> inputs(RunLedger ledger, RunQuality quality) {
    List<InputDataset> out = new ArrayList<>();
    for (var e : new TreeMap<>(ledger.inputVersions()).entrySet()) {
      var facets = ol.newInputDatasetInputFacetsBuilder();
      if (!quality.metrics().isEmpty()) {
        var columns = ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
        for (RunQuality.Metric m : quality.metrics()) {
          columns.put(m.name(), ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder()
              .count((double) m.rows()).min(m.min()).max(m.max()).sum(m.sum()).build());
        }
        facets.dataQualityMetrics(ol.newDataQualityMetricsInputDatasetFacetBuilder().columnMetrics(columns.build()).build());
      }
      if (!quality.assertions().isEmpty()) {
        facets.dataQualityAssertions(ol.newDataQualityAssertionsDatasetFacet(quality.assertions().stream()
            .map(a -> ol.newDataQualityAssertionsDatasetFacetAssertions(a.assertion(), a.success(), a.metric()))
            .toList()));
      }
      out.add(ol.newInputDatasetBuilder().namespace(namespace).name(e.getKey())
          .facets(versionFacet(e.getValue())).inputFacets(facets.build()).build());
    }
    return out;
  }

  private List<OutputDataset> outputs(RunLedger ledger) {
    List<OutputDataset> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(ledger.outputVersions()).entrySet()) {
      out.add(ol.newOutputDatasetBuilder().namespace(namespace).name(e.getKey()).facets(versionFacet(e.getValue())).build());
    }
    return out;
  }

  private OpenLineage.DatasetFacets versionFacet(long version) {
    return ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(Long.toString(version))).build();
  }

  private void emit(RunEvent event) {
    try {
      client.emit(event);
      LOG.info("OpenLineage {} event of run {} sent to {}: {} inputs, {} outputs", event.getEventType(),
          event.getRun().getRunId(), where, event.getInputs().size(), event.getOutputs().size());
    } catch (RuntimeException e) {
      // Lineage is a report about the run, not part of it: a backend that is down must not fail it.
      LOG.warn("Cannot send the OpenLineage {} event to {}: {}; the run goes on", event.getEventType(), where,
          e.getMessage());
    }
  }
}
