package dev.synthmix.pipeline.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Delta table's commits read from its log files as the Delta protocol lays them out: one
 * {@code _delta_log/<version, 20 digits>.json} per version, whose {@code commitInfo} action holds
 * the user metadata and the operation metrics. Asking Delta's history API for one version's
 * metadata builds and runs a Spark query over up to a hundred commits (about 0.5 s each time in
 * local mode, some twenty times per audit); reading the newest file or two costs milliseconds.
 *
 * <p>Tables here use Delta's default file-system commits; a table with coordinated commits (commits
 * not yet backfilled into {@code _delta_log}) is not supported by this reader.
 */
final class CommitFiles {

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One commit's version, user metadata (null if none) and operation metrics (empty if none). */
  record Commit(long version, String userMetadata, Map<String, String> operationMetrics) {}

  private final Configuration hadoop;

  CommitFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The newest version in the table's log, empty when it has no commit file. */
  OptionalLong latestVersion(String table) {
    Path log = new Path(table, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoop);
      long latest = -1;
      for (FileStatus f : fs.listStatus(log, p -> COMMIT.matcher(p.getName()).matches())) {
        latest = Math.max(latest, Long.parseLong(f.getPath().getName().substring(0, 20)));
      }
      return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
    } catch (FileNotFoundException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the Delta log " + log + ": " + e.getMessage(), e);
    }
  }

  /** The commit of {@code version}, empty when its file is gone (cleaned up after a checkpoint). */
  Optional<Commit> read(String table, long version) {
    Path file = new Path(new Path(table, "_delta_log"), String.format("%020d.json", version));
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.contains("\"commitInfo\"")) {
            continue;
          }
          JsonNode info = JSON.readTree(line).get("commitInfo");
          if (info == null) {
            continue;
          }
          Map<String, String> metrics = new TreeMap<>();
          JsonNode m = info.get("operationMetrics");
          if (m != null) {
            m.fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asText()));
          }
          JsonNode user = info.get("userMetadata");
          return Optional.of(new Commit(version, user == null || user.isNull() ? null : user.asText(), metrics));
        }
        return Optional.of(new Commit(version, null, Map.of()));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta commit " + file + ": " + e.getMessage(), e);
    }
  }
}
