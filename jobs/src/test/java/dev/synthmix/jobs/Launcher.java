package dev.synthmix.jobs;

import dev.synthmix.pipeline.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@code scripts/synthmix} in a fresh JVM, as a user would, and captures what it printed. */
final class Launcher {

  /**
   * A guard against a hung run, not a timing assertion: the demo (with its report) on a shared,
   * loaded 2-core machine has taken over 5 minutes.
   */
  static final int TIMEOUT_MINUTES = 15;

  /**
   * The test sessions' tiny-data settings ({@link SparkTestSession#SMALL_DATA}) as spark-submit
   * arguments, through the launcher's documented SYNTHMIX_SPARK_CONF: runs on a few hundred rows then
   * skip compiling code for one-row tasks. {@link #runAsShipped} runs without them.
   */
  static final String SMALL_DATA_CONF = SparkTestSession.SMALL_DATA.entrySet().stream()
      .map(e -> "--conf " + e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(" "));

  /** The environment of a run with the launcher's own settings only, as a user starts it. */
  static final Map<String, String> AS_SHIPPED = Map.of("SYNTHMIX_SPARK_CONF", "");

  /** What a run printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {}

  static Path root() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.exists(here.resolve("scripts/synthmix")) ? here : here.getParent();
  }

  static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return runWithInput(env, null, args);
  }

  /** Runs with {@code input} as standard input (none when null). */
  static Result runWithInput(Map<String, String> env, String input, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(root().resolve("scripts/synthmix").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile());
    pb.environment().put("SYNTHMIX_DRIVER_MEMORY", "1g");
    pb.environment().put("SYNTHMIX_MASTER", "local[2]");
    pb.environment().put("SYNTHMIX_SPARK_CONF", SMALL_DATA_CONF);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("synthmix-out", ".txt");
    Path err = Files.createTempFile("synthmix-err", ".txt");
    Path in = null;
    if (input != null) {
      in = Files.createTempFile("synthmix-in", ".txt");
      Files.writeString(in, input, StandardCharsets.UTF_8);
      pb.redirectInput(in.toFile());
    }
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      String log = Files.readString(err, StandardCharsets.UTF_8);
      throw new IllegalStateException("scripts/synthmix " + String.join(" ", args) + " did not finish in "
          + TIMEOUT_MINUTES + " minutes; its last log lines:\n" + log.substring(Math.max(0, log.length() - 4000)));
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    if (in != null) {
      Files.deleteIfExists(in);
    }
    return r;
  }

  static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** A run with the launcher's own settings only ({@link #AS_SHIPPED}). */
  static Result runAsShipped(String... args) throws IOException, InterruptedException {
    return run(AS_SHIPPED, args);
  }
}
