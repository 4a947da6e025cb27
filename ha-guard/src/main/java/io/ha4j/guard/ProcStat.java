package io.ha4j.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads {@code /proc/PID/stat}: a process's start time (clock ticks since boot, field 22), which
 * together with the pid names one process instance even after the pid is reused, and its state.
 */
final class ProcStat {
  private ProcStat() {}

  /** The start time of {@code pid}, or empty when no such process exists (or /proc is absent). */
  static OptionalLong startTime(long pid) {
    String[] f = fieldsAfterName(pid);
    if (f == null || f.length < 20) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(f[19]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * True when {@code pid} exists with this start time and is not a zombie or dead ({@code Z}/{@code
   * X}): a killed process whose parent has not reaped it yet counts as gone.
   */
  static boolean isRunning(long pid, long startTime) {
    String[] f = fieldsAfterName(pid);
    if (f == null || f.length < 20) {
      return false;
    }
    String state = f[0];
    return !state.equals("Z") && !state.equals("X") && f[19].equals(Long.toString(startTime));
  }

  /** Fields 3.. of the stat line (the name in field 2 may itself contain spaces and parentheses). */
  private static String[] fieldsAfterName(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    int close = line.lastIndexOf(')');
    if (close < 0 || close + 2 > line.length()) {
      return null;
    }
    return line.substring(close + 2).trim().split(" ");
  }
}
