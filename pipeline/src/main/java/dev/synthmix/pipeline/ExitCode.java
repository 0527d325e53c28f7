package dev.synthmix.pipeline;

/** Process exit codes: a contract with schedulers (DESIGN.md). */
public enum ExitCode {
  OK(0),
  /** A quality gate failed; the outputs were still written. */
  GATE_FAILED(1),
  /** Bad usage or settings; nothing ran. */
  USAGE(2),
  /** Input refused (e.g. a missing path or lineage); nothing written. */
  INPUT_REFUSED(3),
  /** Any other failure. */
  FAILURE(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
