package io.ha4j.cli;

import java.util.List;

/**
 * A failure the {@code ha4j} command reports to the user as is: one line {@code ha4j: MESSAGE} on stderr,
 * then optional detail lines (e.g. each problem of an invalid CIB), and an exit code. Never a stack
 * trace unless {@code --verbose}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final transient List<String> details;

  CliException(int exitCode, String message, List<String> details) {
    super(message);
    this.exitCode = exitCode;
    this.details = List.copyOf(details);
  }

  CliException(int exitCode, String message) {
    this(exitCode, message, List.of());
  }

  int exitCode() {
    return exitCode;
  }

  /** Lines printed under the message, each indented. */
  List<String> details() {
    return details;
  }
}
