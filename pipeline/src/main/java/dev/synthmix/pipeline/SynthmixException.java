package dev.synthmix.pipeline;

/**
 * A failure that knows its exit code. Messages say what to fix: "Cannot ...: reason. fix".
 */
public class SynthmixException extends RuntimeException {

  private final ExitCode exitCode;

  public SynthmixException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public SynthmixException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** Bad usage or settings (exit 2). */
  public static SynthmixException usage(String message) {
    return new SynthmixException(ExitCode.USAGE, message);
  }

  /** Input refused, nothing written (exit 3). */
  public static SynthmixException refused(String message) {
    return new SynthmixException(ExitCode.INPUT_REFUSED, message);
  }
}
