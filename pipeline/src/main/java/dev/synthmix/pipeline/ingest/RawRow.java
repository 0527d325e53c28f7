package dev.synthmix.pipeline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import dev.synthmix.pipeline.schema.Scala;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Builds rows of {@link dev.synthmix.pipeline.schema.RawRecords#SCHEMA}; used inside executors. */
final class RawRow {

  private RawRow() {}

  static Row of(
      String source,
      String file,
      String relFile,
      long position,
      String positionKind,
      String id,
      String text,
      String category,
      Map<String, String> extra,
      String error,
      String raw,
      byte[] rawBytes) {
    return RowFactory.create(
        source,
        file,
        relFile,
        position,
        positionKind,
        id,
        text,
        category,
        extra == null ? null : Scala.map(extra),
        error,
        raw,
        rawBytes);
  }

  /** Strict UTF-8: returns null when {@code bytes} are not valid UTF-8. */
  static String decodeStrict(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Lenient UTF-8 (bad bytes become U+FFFD), to show a refused record; the bytes are kept too. */
  static String decodeLenient(byte[] bytes, int length) {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** The first {@link RecordLimits#PREVIEW_BYTES} bytes, decoded leniently: enough to recognise a record. */
  static String preview(byte[] bytes) {
    return decodeLenient(bytes, Math.min(bytes.length, RecordLimits.PREVIEW_BYTES));
  }

  static String stripBom(String s) {
    return s != null && !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }
}
