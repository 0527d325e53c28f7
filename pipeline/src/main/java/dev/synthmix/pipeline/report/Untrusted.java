package dev.synthmix.pipeline.report;

/**
 * Text from the data (category, generator and set names, corpus text) made safe to show. HTML
 * escaping is the template engine's; this only makes control characters visible, since they are
 * invalid in XML (the SVG charts) and invisible in HTML, and Markdown has no escaping of its own.
 */
final class Untrusted {

  private Untrusted() {}

  /** Control characters → their Unicode "control picture" (U+2400 block), so they show as text. */
  static String visible(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        out.append((char) (0x2400 + c));
      } else if (c == 0x7f) {
        out.append('\u2421');
      } else if (Character.getType(c) == Character.CONTROL || c == '\ufffe' || c == '\uffff') {
        out.append('\ufffd');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * For Markdown text and table cells: control characters visible, HTML-significant characters as
   * entities (renderers pass raw HTML through), Markdown punctuation backslash-escaped.
   */
  static String markdown(String s) {
    if (s == null) {
      return "";
    }
    String v = visible(s);
    StringBuilder out = new StringBuilder(v.length() + 16);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~', '=', '\'' ->
            out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
