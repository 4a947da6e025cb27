package io.ha4j.guard;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The guard's log: one line per event on standard error, with the wall-clock time (microseconds),
 * the guard's pid and the message. The guard uses no logging library so that it starts fast.
 */
final class GuardLog {
  private final PrintStream out;
  private final String prefix;

  GuardLog(PrintStream out, long pid) {
    this.out = out;
    this.prefix = " ha4j-guard[" + pid + "] ";
  }

  void log(String message) {
    out.println(Instant.now() + prefix + message);
    out.flush();
  }
}
