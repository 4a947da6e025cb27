package io.ha4j.agents.internal;

import java.time.Duration;

/**
 * What one child process did.
 *
 * @param exitCode the exit code; {@code -1} when it timed out or could not start
 * @param stdout standard output (the last {@code stdoutLimit} bytes, see {@link ExecRequest})
 * @param stderr the last bytes of standard error (bounded)
 * @param timedOut whether it was killed because its timeout ran out
 * @param startError why it could not start (e.g. the program does not exist), or {@code null}
 * @param elapsed how long it ran
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, String startError,
    Duration elapsed) {

  /** Whether it started, finished in time and exited with 0. */
  public boolean ok() {
    return startError == null && !timedOut && exitCode == 0;
  }

  /** Whether it ran to its end (started and not killed by the timeout). */
  public boolean completed() {
    return startError == null && !timedOut;
  }

  /** A one-line summary for results and logs: exit code or timeout, plus the last line of output. */
  public String summary() {
    if (startError != null) {
      return "could not start: " + startError;
    }
    String head = timedOut ? "timed out after " + elapsed.toMillis() + " ms" : "exit code " + exitCode;
    String last = lastLine(stderr);
    if (last.isEmpty()) {
      last = lastLine(stdout);
    }
    return last.isEmpty() ? head : head + ": " + last;
  }

  private static String lastLine(String text) {
    String t = text.strip();
    int nl = t.lastIndexOf('\n');
    String line = nl < 0 ? t : t.substring(nl + 1).strip();
    return OutputLog.sanitize(line, 200);
  }
}
