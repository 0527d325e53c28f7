package dev.synthmix.pipeline.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per-document language identification with Apache OpenNLP's language detector and its
 * {@code langdetect-183} model (103 languages, ISO 639-3 codes such as {@code eng}, {@code cmn},
 * {@code jpn}, {@code tha}). A text with fewer than {@code minLetters} letters in the part that is
 * read is {@link #UNDETERMINED}: character n-gram models guess wildly on a few words.
 *
 * <p>Only the first {@code maxChars} characters are read: the model's cost grows with the text
 * (about 5,000 documents per second per core at 500 characters, 1,300 at 2,000, measured here),
 * and a few sentences decide the language as well as a whole book.
 *
 * <p>Not thread-safe: one instance per task (see {@link #column}).
 */
public final class LanguageId {

  /** The code of a text whose language is not determined (ISO 639-2 "undetermined"). */
  public static final String UNDETERMINED = "und";

  /** The model inside OpenNLP's {@code opennlp-models-langdetect} jar. */
  static final String MODEL_RESOURCE = "/langdetect-183.bin";

  /**
   * How detection runs, as a serialisable value handed to executors.
   *
   * @param enabled false: every document is {@link #UNDETERMINED}, and no model is loaded
   * @param maxChars characters read from the start of each text
   * @param minLetters fewer letters than this in what is read: {@link #UNDETERMINED}
   */
  public record Settings(boolean enabled, int maxChars, int minLetters) implements Serializable {
    public static final String ENABLED = "synthmix.ingest.language.enabled";
    public static final String MAX_CHARS = "synthmix.ingest.language.max-chars";
    public static final String MIN_LETTERS = "synthmix.ingest.language.min-letters";

    public Settings {
      if (maxChars < 20 || maxChars > 100_000) {
        throw new IllegalArgumentException(
            "Cannot use " + MAX_CHARS + " = " + maxChars + ": must be in 20..100000");
      }
      if (minLetters < 1 || minLetters > maxChars) {
        throw new IllegalArgumentException("Cannot use " + MIN_LETTERS + " = "
            + minLetters + ": must be in 1..max-chars (" + maxChars + ")");
      }
    }
  }

  /**
   * The model as a serialisable value, for a Spark broadcast: its bytes travel (Java or Kryo
   * serialisation alike), and each JVM parses them once, on first use, into a model its tasks share
   * (OpenNLP's models are read-only once built).
   */
  public static final class Model implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private transient volatile LanguageDetectorModel parsed;

    private Model(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The model bundled with synthmix (OpenNLP's {@code langdetect-183}). */
    public static Model bundled() {
      try (InputStream in = LanguageId.class.getResourceAsStream(MODEL_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Cannot identify languages: " + MODEL_RESOURCE
              + " is missing from the classpath (org.apache.opennlp:opennlp-models-langdetect)");
        }
        return new Model(in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("Cannot identify languages: cannot read " + MODEL_RESOURCE, e);
      }
    }

    LanguageDetectorModel get() {
      LanguageDetectorModel m = parsed;
      if (m == null) {
        synchronized (this) {
          m = parsed;
          if (m == null) {
            try {
              m = new LanguageDetectorModel(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
              throw new IllegalStateException("Cannot identify languages: the model does not parse", e);
            }
            parsed = m;
          }
        }
      }
      return m;
    }
  }

  private final Settings settings;
  private final LanguageDetectorME detector;

  /** A detector over {@code model}: cheap (the model is shared); one per task or thread. */
  public LanguageId(Settings settings, Model model) {
    this.settings = settings;
    this.detector = new LanguageDetectorME(model.get());
  }

  /**
   * The column of {@code text}'s language codes ({@link #UNDETERMINED} throughout when detection
   * is off, and {@code model} may then be null). The model is broadcast once per job; each task
   * makes its own detector over it, lazily, as OpenNLP's detectors are not documented thread-safe.
   */
  public static Column column(Column text, Broadcast<Model> model, Settings settings) {
    if (!settings.enabled()) {
      return functions.lit(UNDETERMINED);
    }
    UDF1<String, String> detect = new UDF1<>() {
      private transient LanguageId detector;

      @Override
      public String call(String t) {
        if (detector == null) {
          detector = new LanguageId(settings, model.value());
        }
        return detector.detect(t);
      }
    };
    return functions.udf(detect, DataTypes.StringType).asNonNullable().apply(text);
  }

  /** The ISO 639-3 code of {@code text}'s language, or {@link #UNDETERMINED}; null gives it too. */
  public String detect(String text) {
    if (text == null) {
      return UNDETERMINED;
    }
    String head = prefix(text, settings.maxChars());
    if (letters(head) < settings.minLetters()) {
      return UNDETERMINED;
    }
    Language best = detector.predictLanguage(head);
    return best == null || best.getLang() == null ? UNDETERMINED : best.getLang();
  }

  /** At most {@code max} characters from the start, never cutting a surrogate pair. */
  private static String prefix(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }

  private static int letters(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        n++;
      }
    }
    return n;
  }
}
