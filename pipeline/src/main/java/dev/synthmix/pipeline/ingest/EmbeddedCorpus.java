package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The real corpus bundled in the jar: US State of the Union addresses as passages (public domain;
 * see corpus/sotu.provenance.json). It is copied into the warehouse first, so that executors on a
 * cluster read it through the same JSONL reader as any other source.
 */
public final class EmbeddedCorpus {

  public static final String RESOURCE = "corpus/sotu.jsonl.bz2";
  public static final String PROVENANCE_RESOURCE = "corpus/sotu.provenance.json";
  public static final List<String> EXTRA_COLUMNS = List.of("year", "president", "era");

  /** Where {@link #install} puts the copy, relative to the warehouse: source_file ends with it. */
  public static final String INSTALLED_PATH = "_inputs/embedded/sotu.jsonl.bz2";

  private EmbeddedCorpus() {}

  /** Copies the corpus under {@code <warehouse>/_inputs/embedded/} (once) and returns its source. */
  public static SourceSpec install(String warehouse, String sourceName, Configuration hadoop) {
    Path target = new Path(warehouse + "/" + INSTALLED_PATH);
    try (InputStream in = EmbeddedCorpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new SynthmixException(ExitCode.FAILURE, "Cannot find the embedded corpus " + RESOURCE + " in the jar");
      }
      byte[] bytes = in.readAllBytes();
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
}
