package dev.synthmix.pipeline.lineage;

import java.time.Instant;
import java.util.Map;

/**
 * The lineage manifest of one augmentation set: which generator made it, from which seed table
 * version, at which depth. Parsed and checked by {@link ManifestReader}; a set without one is
 * refused. Format: see {@code conf/manifest-example.conf}.
 *
 * @param setId the set's id, unique in docs_synthetic (becomes each row's {@code source})
 * @param promptId prompt template id (per-record values may override it), or null
 * @param promptHash hash of the prompt template, or null (one of the two is required)
 * @param seedTable the synthmix table the generator read (docs_real at depth 1)
 * @param seedVersion the Delta version of {@code seedTable} that was read
 * @param depth 1 = made from real data; d+1 = made from a depth-d set
 * @param parentSet the depth-(d-1) set it was made from, when depth > 1
 * @param data where the records are and which fields hold what
 */
public record Manifest(
    String setId,
    String generatorName,
    String model,
    String modelVersion,
    Map<String, String> parameters,
    String promptId,
    String promptHash,
    String seedTable,
    long seedVersion,
    int depth,
    String parentSet,
    String generationRunId,
    Instant generatedAt,
    DataSpec data,
    String manifestFile) {

  /** Per-record fields a record may carry to override the manifest. */
  public static final String RECORD_PROMPT_ID = "prompt_id";
  public static final String RECORD_SEED_DOC_IDS = "seed_doc_ids";

  /**
   * Where the set's records are.
   *
   * @param paths resolved input paths (relative ones are resolved against the manifest's folder)
   */
  public record DataSpec(String format, java.util.List<String> paths, String idField, String textField,
      String categoryField) {}
}
