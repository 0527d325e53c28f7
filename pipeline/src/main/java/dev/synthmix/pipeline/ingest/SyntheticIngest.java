package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.struct;

import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.lineage.Manifest;
import dev.synthmix.pipeline.lineage.ManifestCheck;
import dev.synthmix.pipeline.run.RunLedger;
import dev.synthmix.pipeline.schema.Documents;
import dev.synthmix.pipeline.schema.LineageColumns;
import dev.synthmix.pipeline.store.DeltaStore;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * One augmentation set + its lineage manifest → {@code docs_synthetic}, each row carrying the
 * {@code lineage} struct. The manifest is checked first; a refused set writes nothing.
 */
public final class SyntheticIngest {

  private SyntheticIngest() {}

  /**
   * @param inputs the set's files, or empty to use the manifest's {@code data.path}
   */
  public static IngestResult run(DeltaStore store, IngestSettings settings, Manifest m, List<String> inputs,
      String format, RunLedger ledger) {
    ManifestCheck.check(m, store);
    List<String> paths = inputs.isEmpty() ? m.data().paths() : inputs;
    if (paths.isEmpty()) {
      throw SynthmixException.refused("Cannot ingest set '" + m.setId() + "': no data: give --input, or data.path in "
          + m.manifestFile() + ". Nothing was written.");
    }
    String fmt = format != null ? format : m.data().format();
    Format f = fmt != null ? Format.parse(fmt) : Format.guess(paths.get(0));
    if (f == null) {
      throw SynthmixException.usage("Cannot tell the format of set '" + m.setId() + "': set data.format in the manifest or give --format");
    }
    SourceSpec spec = new SourceSpec(m.setId(), f, paths, m.data().idField(), m.data().textField(),
        m.data().categoryField(), List.of(Manifest.RECORD_PROMPT_ID, Manifest.RECORD_SEED_DOC_IDS), null, true, ",");
    ledger.generator(m.generatorName());
    ledger.input(m.seedTable(), m.seedVersion());
    IngestResult result = DocumentIngest.run(store, List.of(spec), settings.limits(), settings.maxQuarantinedShare(), settings.language(), new IngestTarget(
        Documents.SYNTHETIC_TABLE, LineageColumns.SYNTHETIC_SCHEMA, docs -> docs.withColumn(Documents.LINEAGE, lineage(m)),
        Map.of("synthmix.description", "synthetic documents with per-row generator lineage",
            "synthmix.origin", "synthetic",
            "synthmix.lineage", "per-row column lineage (generator, prompt, seed table and version, depth, parent set)"),
        commitLineage(m)), ledger);
    // The property is the running union of generators written so far: no scan of the table.
    if (result.refusals().isEmpty()) {
      store.addToSetProperty(Documents.SYNTHETIC_TABLE, GENERATORS_PROPERTY, List.of(m.generatorName()), ledger);
    }
    return result.throwIfRefused();
  }

  /** Table property listing every generator whose rows docs_synthetic holds. */
  public static final String GENERATORS_PROPERTY = "synthmix.generators";

  /** The generators docs_synthetic holds, from its table property (empty when there is no table). */
  public static List<String> generators(DeltaStore store) {
    if (!store.exists(Documents.SYNTHETIC_TABLE)) {
      return List.of();
    }
    String v = store.properties(Documents.SYNTHETIC_TABLE).getOrDefault(GENERATORS_PROPERTY, "");
    return v.isEmpty() ? List.of() : List.of(v.split(","));
  }

  /** What the data commit says of the set, beside the run's metadata. */
  static Map<String, Object> commitLineage(Manifest m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("set_id", m.setId());
    out.put("generator", Map.of("name", m.generatorName(), "model", m.model(), "version", m.modelVersion()));
    out.put("depth", m.depth());
    out.put("seed", Map.of("table", m.seedTable(), "version", m.seedVersion()));
    if (m.parentSet() != null) {
      out.put("parent_set", m.parentSet());
    }
    return out;
  }

  /** The lineage struct: the manifest's values, with per-record prompt id and seed doc ids when given. */
  static Column lineage(Manifest m) {
    List<Column> keys = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    new java.util.TreeMap<>(m.parameters()).forEach((k, v) -> {
      keys.add(lit(k));
      values.add(lit(v));
    });
    Column params = keys.isEmpty() ? lit(null).cast("map<string,string>")
        : map_from_arrays(array(keys.toArray(new Column[0])), array(values.toArray(new Column[0])));
    Column extra = col(Documents.EXTRA);
    Column generator = struct(
        lit(m.generatorName()).as(LineageColumns.GENERATOR_NAME),
        lit(m.model()).as(LineageColumns.GENERATOR_MODEL),
        lit(m.modelVersion()).as(LineageColumns.GENERATOR_VERSION),
        params.as(LineageColumns.GENERATOR_PARAMETERS));
    return struct(
        generator.as(LineageColumns.GENERATOR),
        coalesce(element_at(extra, Manifest.RECORD_PROMPT_ID), lit(m.promptId())).as(LineageColumns.PROMPT_ID),
        lit(m.promptHash()).cast("string").as(LineageColumns.PROMPT_HASH),
        lit(m.seedTable()).as(LineageColumns.SEED_TABLE),
        lit(m.seedVersion()).as(LineageColumns.SEED_VERSION),
        from_json(element_at(extra, Manifest.RECORD_SEED_DOC_IDS), DataTypes.createArrayType(DataTypes.StringType))
            .as(LineageColumns.SEED_DOC_IDS),
        lit(m.depth()).as(LineageColumns.DEPTH),
        lit(m.parentSet()).cast("string").as(LineageColumns.PARENT_SET),
        lit(m.setId()).as(LineageColumns.SET_ID),
        lit(m.generationRunId()).as(LineageColumns.GENERATION_RUN_ID),
        lit(Timestamp.from(m.generatedAt())).as(LineageColumns.GENERATED_AT));
  }
}
