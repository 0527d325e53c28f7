package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import java.util.List;

/**
 * One input corpus: where it is, how to read it, and which fields hold the id, text and category.
 *
 * @param name source name recorded on every row (e.g. "sotu")
 * @param idField field holding the record id, or null when records carry none (ids are derived)
 * @param defaultCategory category for records without one, or null to quarantine them
 * @param idField mapping of the id (see {@link FieldMapping}: a field, a.b.c, items[].field), or null
 * @param textField mapping of the text; several parts joined with {@code textSeparator}
 * @param textSeparator what joins the values of a text mapping with several parts or array values
 * @param tableVersion for {@link Format#TABLE}: the Delta version to read, or null for the latest
 *     (the version read is recorded in the run's input versions and each row's source_file)
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
    String csvDelimiter,
    String textSeparator,
    Long tableVersion) implements java.io.Serializable {

  /** What joins the parts of a text mapping unless a source says otherwise. */
  public static final String DEFAULT_TEXT_SEPARATOR = "\n\n";

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
    textSeparator = textSeparator == null ? DEFAULT_TEXT_SEPARATOR : textSeparator;
    if (tableVersion != null && format != Format.TABLE) {
      throw SynthmixException.usage("Cannot read source '" + name + "': a version goes with format table only");
    }
    if (tableVersion != null && tableVersion < 0) {
      throw SynthmixException.usage("Cannot read source '" + name + "': version " + tableVersion + " is negative");
    }
    // Parsed here so a bad mapping fails when settings load, before Spark starts.
    for (String m : new String[] {idField, textField, categoryField}) {
      if (m != null) {
        FieldMapping.parse(m, textSeparator);
      }
    }
  }

  /** A source as before field mappings and tables: the default separator, no table version. */
  public SourceSpec(String name, Format format, List<String> paths, String idField, String textField,
      String categoryField, List<String> extraColumns, String defaultCategory, boolean csvHeader,
      String csvDelimiter) {
    this(name, format, paths, idField, textField, categoryField, extraColumns, defaultCategory, csvHeader,
        csvDelimiter, null, null);
  }

  /** The id's mapping, or null when records carry no id. */
  public FieldMapping idMapping() {
    return idField == null ? null : FieldMapping.parse(idField, textSeparator);
  }

  public FieldMapping textMapping() {
    return FieldMapping.parse(textField, textSeparator);
  }

  /** The category's mapping, or null when records carry none. */
  public FieldMapping categoryMapping() {
    return categoryField == null ? null : FieldMapping.parse(categoryField, textSeparator);
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
