package dev.synthmix.pipeline.generate;

import java.util.List;

/**
 * One generated record: its id, category and text, the prompt that made it and the seed documents
 * it came from (empty when the generator cannot name them).
 */
public record GeneratedDoc(String id, String category, String text, String promptId, List<String> seedDocIds) {}
