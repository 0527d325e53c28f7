package dev.synthmix.pipeline.ingest;

import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The input roots of a source, checked to exist (else exit 3, before anything is written), and the
 * mapping from a file to its name relative to its root.
 */
public final class InputFiles implements Serializable {

  private final List<String> roots;

  private InputFiles(List<String> roots) {
    this.roots = List.copyOf(roots);
  }

  /** Qualifies and checks every path of {@code spec}; a missing one refuses the input. */
  public static InputFiles check(SourceSpec spec, Configuration hadoop) {
    List<String> roots = new ArrayList<>();
    for (String p : spec.paths()) {
      try {
        Path path = new Path(p);
        FileSystem fs = path.getFileSystem(hadoop);
        Path qualified = fs.makeQualified(path);
        FileStatus[] matches = fs.globStatus(qualified);
        if (matches == null || matches.length == 0) {
          throw SynthmixException.refused(
              "Cannot read source '" + spec.name() + "': input path " + p + " does not exist. Nothing was written.");
        }
        for (FileStatus m : matches) {
          roots.add(m.getPath().toString());
        }
      } catch (IOException e) {
        throw new SynthmixException(
            dev.synthmix.pipeline.ExitCode.INPUT_REFUSED,
            "Cannot read source '" + spec.name() + "' at " + p + ": " + e.getMessage(),
            e);
      }
    }
    return new InputFiles(roots);
  }

  /** Roots that are not files (a table source's name): nothing to check. */
  public static InputFiles of(List<String> roots) {
    return new InputFiles(roots);
  }

  public List<String> roots() {
    return roots;
  }

  /** Comma-joined roots, as Hadoop input formats take them. */
  public String joined() {
    return String.join(",", roots);
  }

  /** {@code file} relative to the longest root that holds it; the file name for a file root. */
  public String relative(String file) {
    String f = normalize(file);
    return roots.stream()
        .map(InputFiles::normalize)
        .filter(r -> f.equals(r) || f.startsWith(r + "/"))
        .max(Comparator.comparingInt(String::length))
        .map(r -> f.equals(r) ? f.substring(f.lastIndexOf('/') + 1) : f.substring(r.length() + 1))
        .orElse(f);
  }

  private static String normalize(String uri) {
    // Hadoop writes file:/x, Spark's _metadata writes file:///x: compare them the same way.
    String u = uri.replaceFirst("^file:///", "file:/");
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
