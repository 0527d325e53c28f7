package dev.synthmix.pipeline.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a document: the first 128 bits of SHA-256 over its normalised text, as 32 hex
 * characters. 128 bits keep the chance of any collision among 10^12 documents below 10^-14.
 */
public final class ContentHash {

  private ContentHash() {}

  /** Hash of the normalised form of {@code text}; null for null. */
  public static String of(String text) {
    String normalized = TextNormalizer.normalize(text);
    return normalized == null ? null : ofNormalized(normalized);
  }

  /** Hash of text that is already normalised. */
  public static String ofNormalized(String normalized) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
