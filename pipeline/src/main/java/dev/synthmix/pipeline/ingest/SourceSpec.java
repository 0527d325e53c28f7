package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import java.util.List;

/**
 * One input corpus: where it is, how to read it, and which fields hold the id, text and category.
 *
 * @param name source name recorded on every row (e.g. "sotu")
 * @param idField field holding the record id, or null when records carry none (ids are derived)
 * @param defaultCategory category for records without one, or null to quarantine them
 */
public record SourceSpec(
    String name,
    Format format,
    List<String> paths,
    String idField,
    String textField,
    String categoryField,
    List<String> extraColumns,
    String defaultCategory,
    boolean csvHeader,
    String csvDelimiter) implements java.io.Serializable {

  public static final String DEFAULT_ID = "id";
  public static final String DEFAULT_TEXT = "text";
  public static final String DEFAULT_CATEGORY = "category";

  public SourceSpec {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw SynthmixException.usage(
          "Cannot use source name '" + name + "': use letters, digits, '.', '_' or '-' (at most 100)");
    }
    if (paths == null || paths.isEmpty()) {
      throw SynthmixException.usage("Cannot read source '" + name + "': it names no input path");
    }
    if (textField == null || textField.isBlank()) {
      throw SynthmixException.usage("Cannot read source '" + name + "': fields.text is empty");
    }
    paths = List.copyOf(paths);
    extraColumns = extraColumns == null ? List.of() : List.copyOf(extraColumns);
    idField = blankToNull(idField);
    categoryField = blankToNull(categoryField);
    defaultCategory = blankToNull(defaultCategory);
  }

  /** A source with the default field names, as given on the command line. */
  public static SourceSpec of(String name, Format format, List<String> paths) {
    return new SourceSpec(
        name, format, paths, DEFAULT_ID, DEFAULT_TEXT, DEFAULT_CATEGORY, List.of(), null, true, ",");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
