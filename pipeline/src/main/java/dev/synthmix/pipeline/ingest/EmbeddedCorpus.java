package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import dev.synthmix.pipeline.text.ContentHash;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;

/**
 * The real corpus bundled in the jar: US State of the Union addresses as passages (public domain;
 * see corpus/sotu.provenance.json). It is copied into the warehouse first, so that executors on a
 * cluster read it through the same JSONL reader as any other source.
 */
public final class EmbeddedCorpus {

  public static final String RESOURCE = "corpus/sotu.jsonl.bz2";
  public static final String PROVENANCE_RESOURCE = "corpus/sotu.provenance.json";
  public static final List<String> EXTRA_COLUMNS = List.of("year", "president", "era");

  /** Where {@link #install} puts the copy or the sample, relative to the warehouse. */
  public static final String INSTALLED_DIR = "_inputs/embedded/";

  /** A regular expression that a source_file read from the installed copy or sample matches. */
  public static final String INSTALLED_FILE_PATTERN = "/_inputs/embedded/sotu(\\.jsonl\\.bz2|-sample-[0-9.]+\\.jsonl)$";

  private EmbeddedCorpus() {}

  /** Copies the whole corpus under {@code <warehouse>/_inputs/embedded/} (once) and returns its source. */
  public static SourceSpec install(String warehouse, String sourceName, Configuration hadoop) {
    return install(warehouse, sourceName, hadoop, 1.0);
  }

  /**
   * Copies the corpus, or a stable sample of {@code fraction} of its passages, under {@code
   * <warehouse>/_inputs/embedded/} and returns its source. The sample is chosen by a hash of each
   * passage's line, so every run (and every machine) picks the same passages: fast test and CI
   * runs stay comparable with each other.
   */
  public static SourceSpec install(String warehouse, String sourceName, Configuration hadoop, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw SynthmixException.usage("Cannot sample the embedded corpus with fraction " + fraction + ": use (0, 1]");
    }
    boolean whole = fraction >= 1.0;
    String name = whole ? "sotu.jsonl.bz2" : String.format(Locale.ROOT, "sotu-sample-%.4f.jsonl", fraction);
    Path target = new Path(warehouse + "/" + INSTALLED_DIR + name);
    try (InputStream in = EmbeddedCorpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new SynthmixException(ExitCode.FAILURE, "Cannot find the embedded corpus " + RESOURCE + " in the jar");
      }
      byte[] bytes = whole ? in.readAllBytes() : sample(in.readAllBytes(), fraction, hadoop);
      FileSystem fs = target.getFileSystem(hadoop);
      if (!fs.exists(target) || fs.getFileStatus(target).getLen() != bytes.length) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
          out.write(bytes);
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
          throw new IOException("rename " + tmp + " -> " + target + " failed");
        }
      }
    } catch (IOException e) {
      throw new SynthmixException(ExitCode.FAILURE, "Cannot copy the embedded corpus to " + target + ": " + e.getMessage(), e);
    }
    return new SourceSpec(sourceName, Format.JSONL, List.of(target.toString()), SourceSpec.DEFAULT_ID,
        SourceSpec.DEFAULT_TEXT, SourceSpec.DEFAULT_CATEGORY, EXTRA_COLUMNS, null, true, ",");
  }

  /** The lines of the bzip2 corpus whose hash falls under {@code fraction}, uncompressed. */
  static byte[] sample(byte[] bz2, double fraction, Configuration hadoop) throws IOException {
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(hadoop);
    long cut = (long) Math.floor(fraction * 1_000_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        codec.createInputStream(new ByteArrayInputStream(bz2)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        // 60 bits of the line's SHA-256 (taken as is, not normalised): uniform, the same everywhere.
        long h = Long.parseLong(ContentHash.ofNormalized(line).substring(0, 15), 16);
        if (h % 1_000_000 < cut) {
          out.write(line.getBytes(StandardCharsets.UTF_8));
          out.write('\n');
        }
      }
    }
    return out.toByteArray();
  }
}
