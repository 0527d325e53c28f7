package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import java.util.Locale;

/** The input formats synthmix reads. */
public enum Format {
  JSONL,
  PARQUET,
  CSV,
  /** A folder of .txt files, one document per file, category = the file's folder name. */
  TEXT,
  /** A catalog table by name, or a Delta table by path, optionally at a version. */
  TABLE;

  /** Parses a format name as written in settings or on the command line. */
  public static Format parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "jsonl":
      case "json":
      case "ndjson":
        return JSONL;
      case "parquet":
        return PARQUET;
      case "csv":
        return CSV;
      case "text":
      case "txt":
        return TEXT;
      case "table":
      case "delta":
        return TABLE;
      default:
        throw SynthmixException.usage(
            "Cannot use format '" + name + "': expected one of jsonl, parquet, csv, text, table");
    }
  }

  /** Guesses the format from a file name; null when the name does not tell. */
  public static Format guess(String path) {
    String p = path.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|deflate|zst|snappy)$", "");
    if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".ndjson")) {
      return JSONL;
    }
    if (p.endsWith(".parquet")) {
      return PARQUET;
    }
    if (p.endsWith(".csv")) {
      return CSV;
    }
    return null;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
