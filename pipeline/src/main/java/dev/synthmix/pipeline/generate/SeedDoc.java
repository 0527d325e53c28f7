package dev.synthmix.pipeline.generate;

/** A document a generator learns from or rewrites. */
public record SeedDoc(String docId, String category, String text) {}
