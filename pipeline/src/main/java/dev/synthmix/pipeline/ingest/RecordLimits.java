package dev.synthmix.pipeline.ingest;

import java.io.Serializable;

/**
 * Size limits on one record; a record over either is quarantined with its size, never truncated.
 *
 * @param maxTextChars longest text accepted, in characters
 * @param maxTextBytes largest record accepted, in bytes: checked on the raw line or file before it
 *     is decoded (JSONL, text) and on the text's UTF-8 size (CSV, Parquet)
 */
public record RecordLimits(long maxTextChars, long maxTextBytes) implements Serializable {

  /** How much of an oversized record the quarantine keeps, to recognise it. */
  public static final int PREVIEW_BYTES = 1024;

  /** The reason given for a record of {@code size} bytes over {@link #maxTextBytes}. */
  String tooLarge(String what, long size) {
    return "record too large: " + what + " of " + size + " bytes, more than synthmix.ingest.max-text-bytes = "
        + maxTextBytes + " (only a " + PREVIEW_BYTES + "-byte preview is kept)";
  }
}
