package dev.synthmix.pipeline.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synthmix.pipeline.SynthmixException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where one field of a document (id, text or category) comes from in a record, for records shaped
 * like Hugging Face datasets. A mapping is one or more parts, joined with a separator:
 *
 * <ul>
 *   <li>{@code text}: a top-level field (a field whose name contains dots is found by its whole
 *       name first);
 *   <li>{@code meta.source}: a nested field;
 *   <li>{@code messages[].content}: a field of every element of an array, the values joined (a
 *       bare {@code tags[]} joins an array of values);
 *   <li>{@code 'chat'}: a constant.
 * </ul>
 *
 * <p>Missing fields and nulls are left out of the join; a mapping with no value is null (so the
 * record gets the usual "missing" reason). A value of the wrong type is an error naming the
 * mapping, never a silent conversion. The same mapping is evaluated on parsed JSON (JSONL) and as
 * a Spark column expression (Parquet, CSV), so both readers agree.
 */
public final class FieldMapping implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What a field's values may be, and how a wrong one is reported. */
  public enum Kind {
    /** The text: strings only. */
    TEXT("a string"),
    /** An id: strings and integers. */
    ID("a string or an integer"),
    /** A category: strings, numbers and booleans. */
    CATEGORY("a string");

    private final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    boolean accepts(JsonNode n) {
      switch (this) {
        case TEXT:
          return n.isTextual();
        case ID:
          return n.isTextual() || n.isIntegralNumber();
        default:
          return n.isValueNode() && !n.isBinary();
      }
    }

    boolean accepts(DataType t) {
      if (t.equals(DataTypes.StringType)) {
        return true;
      }
      boolean integral = t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)
          || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType);
      switch (this) {
        case TEXT:
          return false;
        case ID:
          return integral;
        default:
          return integral || t.equals(DataTypes.BooleanType) || t.typeName().startsWith("decimal");
      }
    }
  }

  private final String spec;
  private final List<Part> parts;
  private final String separator;

  private FieldMapping(String spec, List<Part> parts, String separator) {
    this.spec = spec;
    this.parts = parts;
    this.separator = separator;
  }

  /**
   * Parses mapping parts as written in settings ({@code fields.text = ["question", "answer"]}) or
   * on the command line ({@code --field text=messages[].content}).
   */
  public static FieldMapping parse(List<String> specs, String separator) {
    if (specs == null || specs.isEmpty()) {
      throw SynthmixException.usage("Cannot use an empty field mapping: name a field, a path or a 'constant'");
    }
    List<Part> parts = new ArrayList<>();
    for (String s : specs) {
      parts.add(Part.parse(s));
    }
    return new FieldMapping(String.join(" + ", specs), List.copyOf(parts), separator == null ? "\n\n" : separator);
  }

  /**
   * A mapping as one string: parts joined with {@code +} ({@code "question + answer"}); a
   * {@code +} inside a 'constant' is kept.
   */
  public static FieldMapping parse(String spec, String separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (char ch : (spec == null ? "" : spec).toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      }
      if (ch == '+' && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(ch);
      }
    }
    parts.add(part.toString());
    return parse(parts, separator);
  }

  /** One field, path or constant (or parts joined with {@code +}), with the default separator. */
  public static FieldMapping parse(String spec) {
    return parse(spec, null);
  }

  /** The mapping as written, for messages. */
  public String spec() {
    return spec;
  }

  /** True when the mapping is one plain top-level field (what the readers did before mappings). */
  public boolean isPlainField() {
    return parts.size() == 1 && parts.get(0).constant == null && parts.get(0).segments.size() == 1
        && !parts.get(0).segments.get(0).each;
  }

  /** The value of this mapping in a parsed JSON object. */
  public Value of(JsonNode record, Kind kind) {
    List<String> values = new ArrayList<>();
    for (Part p : parts) {
      if (p.constant != null) {
        values.add(p.constant);
        continue;
      }
      List<JsonNode> leaves = new ArrayList<>();
      String error = p.collect(record, leaves);
      if (error != null) {
        return Value.error(error);
      }
      for (JsonNode leaf : leaves) {
        if (leaf == null || leaf.isNull() || leaf.isMissingNode()) {
          continue;
        }
        if (!kind.accepts(leaf)) {
          return Value.error("wrong type: field '" + p.text + "' is " + leaf.getNodeType().name().toLowerCase(Locale.ROOT)
              + ", expected " + kind.expected);
        }
        values.add(leaf.asText());
      }
    }
    return Value.ok(values.isEmpty() ? null : String.join(separator, values));
  }

  /**
   * This mapping as a string column over records of {@code schema}; a part of the wrong type adds
   * its reason to {@code errors} (a literal, the same for every row) and contributes nothing.
   */
  public Column column(StructType schema, Kind kind, List<Column> errors) {
    List<Column> values = new ArrayList<>();
    for (Part p : parts) {
      if (p.constant != null) {
        values.add(lit(p.constant));
        continue;
      }
      Column c = p.column(schema, kind, errors, separator);
      if (c != null) {
        values.add(c);
      }
    }
    if (values.isEmpty()) {
      return lit(null).cast("string");
    }
    if (values.size() == 1) {
      return values.get(0);
    }
    Column[] all = values.toArray(new Column[0]);
    return when(coalesce(all).isNull(), lit(null).cast("string")).otherwise(concat_ws(separator, all));
  }

  /** True when every path of this mapping starts at a top-level field that {@code schema} has. */
  public boolean presentIn(StructType schema) {
    return parts.stream().allMatch(p -> p.constant != null || p.resolveTop(schema) != null);
  }

  @Override
  public String toString() {
    return spec;
  }

  /** A mapping's value in one record, or why it has none. */
  public record Value(String value, String error) {
    static Value ok(String v) {
      return new Value(v, null);
    }

    static Value error(String e) {
      return new Value(null, e);
    }
  }

  private record Segment(String name, boolean each) implements Serializable {}

  private static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final String text;
    final String constant;
    final List<Segment> segments;

    private Part(String text, String constant, List<Segment> segments) {
      this.text = text;
      this.constant = constant;
      this.segments = segments;
    }

    static Part parse(String raw) {
      String s = raw == null ? "" : raw.trim();
      if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
        return new Part(s, s.substring(1, s.length() - 1), List.of());
      }
      if (s.isEmpty()) {
        throw SynthmixException.usage("Cannot use an empty field in a mapping: name a field, a path or a 'constant'");
      }
      List<Segment> segments = new ArrayList<>();
      for (String seg : s.split("\\.", -1)) {
        boolean each = seg.endsWith("[]");
        String name = each ? seg.substring(0, seg.length() - 2) : seg;
        if (name.isEmpty() || name.contains("[") || name.contains("]")) {
          throw SynthmixException.usage("Cannot use field mapping '" + raw
              + "': write fields as a.b.c, arrays as items[].field, constants as 'text'");
        }
        segments.add(new Segment(name, each));
      }
      return new Part(s, null, List.copyOf(segments));
    }

    /** The whole text as one top-level name when the record has it, else the dotted path. */
    private List<Segment> pathFor(boolean wholeNameExists) {
      return wholeNameExists ? List.of(new Segment(text, false)) : segments;
    }

    /** Adds the leaves of this path in {@code node} to {@code out}; returns an error, or null. */
    String collect(JsonNode node, List<JsonNode> out) {
      List<Segment> path = node != null && segments.size() > 1 && node.has(text) ? pathFor(true) : segments;
      return walk(node, path, 0, out);
    }

    private String walk(JsonNode node, List<Segment> path, int i, List<JsonNode> out) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return null;
      }
      if (i == path.size()) {
        out.add(node);
        return null;
      }
      if (!node.isObject()) {
        out.add(node); // not an object where a field was expected: reported as its type
        return null;
      }
      Segment seg = path.get(i);
      JsonNode child = node.get(seg.name());
      if (child == null || child.isNull()) {
        return null;
      }
      if (!seg.each()) {
        return walk(child, path, i + 1, out);
      }
      if (!child.isArray()) {
        return "wrong type: field '" + text + "' is " + child.getNodeType().name().toLowerCase(Locale.ROOT)
            + " at '" + seg.name() + "', expected an array";
      }
      for (JsonNode e : child) {
        String error = walk(e, path, i + 1, out);
        if (error != null) {
          return error;
        }
      }
      return null;
    }

    StructField resolveTop(StructType schema) {
      String first = segments.size() > 1 && has(schema, text) ? text : segments.get(0).name();
      return has(schema, first) ? schema.apply(first) : null;
    }

    Column column(StructType schema, Kind kind, List<Column> errors, String separator) {
      List<Segment> path = segments.size() > 1 && has(schema, text) ? pathFor(true) : segments;
      if (!has(schema, path.get(0).name())) {
        return null;
      }
      Column c = col(ColumnarReaders.quote(path.get(0).name()));
      DataType t = schema.apply(path.get(0).name()).dataType();
      int arrays = 0;
      for (int i = 0; i < path.size(); i++) {
        Segment seg = path.get(i);
        if (i > 0) {
          if (!(t instanceof StructType st) || !has(st, seg.name())) {
            if (t instanceof StructType) {
              return null; // the nested field is absent: like a missing field
            }
            errors.add(lit(wrong(t, kind)));
            return null;
          }
          DataType next = st.apply(seg.name()).dataType();
          String name = seg.name();
          c = arrays == 0 ? c.getField(name) : mapLeaves(c, arrays, x -> x.getField(name));
          t = next;
        }
        if (seg.each()) {
          if (!(t instanceof ArrayType at)) {
            errors.add(lit("wrong type: field '" + text + "' is " + t.simpleString() + " at '" + seg.name()
                + "', expected an array"));
            return null;
          }
          t = at.elementType();
          arrays++;
        }
      }
      if (!kind.accepts(t)) {
        errors.add(lit(wrong(t, kind)));
        return null;
      }
      if (arrays == 0) {
        return c.cast("string");
      }
      Column flat = c;
      for (int i = 1; i < arrays; i++) {
        flat = flatten(flat);
      }
      // array_join leaves nulls out; an empty array (or one of nulls only) has no value.
      Column joined = array_join(transform(flat, x -> x.cast("string")), separator);
      return when(size(filter(flat, x -> x.isNotNull())).equalTo(0), lit(null).cast("string")).otherwise(joined);
    }

    private static Column mapLeaves(Column c, int depth, Function<Column, Column> f) {
      if (depth == 1) {
        return transform(c, f::apply);
      }
      return transform(c, x -> mapLeaves(x, depth - 1, f));
    }

    private String wrong(DataType t, Kind kind) {
      return "wrong type: field '" + text + "' is " + t.simpleString() + ", expected " + kind.expected;
    }

    private static boolean has(StructType schema, String name) {
      return Arrays.stream(schema.fieldNames()).anyMatch(name::equals);
    }
  }
}
