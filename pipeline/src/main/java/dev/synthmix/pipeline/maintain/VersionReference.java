package dev.synthmix.pipeline.maintain;

/**
 * A Delta version of a warehouse table that something still points at, so it must stay readable.
 *
 * @param referrer who points at it, for messages (e.g. {@code runs row nightly-2026-01-02 (input)})
 */
public record VersionReference(String table, long version, String referrer) {}
