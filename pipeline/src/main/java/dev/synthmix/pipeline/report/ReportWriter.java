package dev.synthmix.pipeline.report;

import dev.synthmix.pipeline.ExitCode;
import dev.synthmix.pipeline.SynthmixException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a date's report files through Hadoop's FileSystem (any warehouse URI), each to a hidden
 * temporary file first and then renamed over the old one, so a rerun replaces the date's files and
 * a reader never sees half a file.
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** Writes each name → bytes under {@code folder}; returns each written path → size in bytes. */
  public static Map<String, Long> write(String folder, Map<String, byte[]> files, Configuration hadoop) {
    Map<String, Long> written = new LinkedHashMap<>();
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      // No .crc side files next to the report on a local warehouse: people open this folder.
      fs.setWriteChecksum(false);
      fs.mkdirs(dir);
      for (var e : files.entrySet()) {
        Path target = new Path(dir, e.getKey());
        Path tmp = new Path(dir, "." + e.getKey() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
          out.write(e.getValue());
        }
        if (fs.exists(target)) {
          fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
          throw new IOException("rename " + tmp + " -> " + target + " failed");
        }
        written.put(target.toString(), (long) e.getValue().length);
      }
    } catch (IOException e) {
      throw new SynthmixException(ExitCode.FAILURE, "Cannot write the report to " + folder + ": " + e.getMessage(), e);
    }
    return written;
  }
}
