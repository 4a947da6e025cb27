package io.ha4j.agents.internal;

import org.slf4j.Logger;

/**
 * Logs a child's captured output without flooding the log: the text is already bounded (the last
 * few KiB), each line becomes one log line, cut at {@value #MAX_LINE} characters, with control
 * characters escaped so that output cannot forge log lines.
 */
public final class OutputLog {

  /** The longest output line logged as is. */
  public static final int MAX_LINE = 240;

  private OutputLog() {}

  /** Logs each line of {@code text} at INFO when {@code important}, else at DEBUG. */
  public static void log(Logger log, boolean important, String label, String text) {
    if (text.isBlank() || !(important ? log.isInfoEnabled() : log.isDebugEnabled())) {
      return;
    }
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String shown = sanitize(line, MAX_LINE);
      if (important) {
        log.info("{}: {}", label, shown);
      } else {
        log.debug("{}: {}", label, shown);
      }
    }
  }

  /** Escapes control characters and cuts the line at {@code max} characters, saying how much was cut. */
  public static String sanitize(String line, int max) {
    StringBuilder sb = new StringBuilder(Math.min(line.length(), max) + 16);
    int i = 0;
    for (; i < line.length() && sb.length() < max; i++) {
      char c = line.charAt(i);
      if (c == '\r' && i == line.length() - 1) {
        continue;
      }
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < line.length()) {
      sb.append("...(+").append(line.length() - i).append(" chars)");
    }
    return sb.toString();
  }
}
