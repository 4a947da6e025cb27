package io.ha4j.guard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link GuardClient#start} runs the guard. Start from {@link #defaults()} and change what you
 * need with the {@code with...} methods. Immutable.
 *
 * @param mode what the guard does to the JVM at the end of the lease ({@link GuardMode#KILL_JVM} by default)
 * @param jvmOptions the guard JVM's options ({@link #DEFAULT_JVM_OPTIONS} by default)
 * @param stderrFile where the guard's log goes (appended), or {@code null} to share this JVM's stderr
 * @param classpath the guard's classpath (a jar or a classes directory), or {@code null} for the
 *     place {@link GuardMain} was loaded from — set it when that is not a plain file, e.g. inside a
 *     Spring Boot executable jar
 * @param newSession run the guard in its own session ({@code setsid}, when installed) so that
 *     terminal signals for this JVM's process group (Ctrl-C, Ctrl-Z) do not reach it
 * @param startTimeout how long to wait for the guard to report ready
 * @param replyTimeout how long to wait for the guard's answer to a command
 */
public record GuardOptions(
    GuardMode mode,
    List<String> jvmOptions,
    Path stderrFile,
    Path classpath,
    boolean newSession,
    Duration startTimeout,
    Duration replyTimeout) {

  /** Small heap and stack, C1 only, serial GC, no perf-data file: starts fast, stays small. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
      "-Xmx16m", "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
      "-XX:ReservedCodeCacheSize=8m", "-XX:MaxMetaspaceSize=32m", "-Xshare:auto");

  /** Checks every field. */
  public GuardOptions {
    Objects.requireNonNull(mode, "mode");
    jvmOptions = List.copyOf(jvmOptions);
    requirePositive(startTimeout, "startTimeout");
    requirePositive(replyTimeout, "replyTimeout");
  }

  /** Kill-jvm mode, the default JVM options, stderr shared, own session, 10 s to start, 2 s per reply. */
  public static GuardOptions defaults() {
    return new GuardOptions(GuardMode.KILL_JVM, DEFAULT_JVM_OPTIONS, null, null, true,
        Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  /** The same options with another mode. */
  public GuardOptions withMode(GuardMode mode) {
    return new GuardOptions(mode, jvmOptions, stderrFile, classpath, newSession, startTimeout, replyTimeout);
  }

  /** The same options with the guard's log appended to {@code file}. */
  public GuardOptions withStderrFile(Path file) {
    return new GuardOptions(mode, jvmOptions, file, classpath, newSession, startTimeout, replyTimeout);
  }

  /** The same options with another classpath for the guard. */
  public GuardOptions withClasspath(Path classpath) {
    return new GuardOptions(mode, jvmOptions, stderrFile, classpath, newSession, startTimeout, replyTimeout);
  }

  /** The same options with other JVM options for the guard. */
  public GuardOptions withJvmOptions(List<String> jvmOptions) {
    return new GuardOptions(mode, jvmOptions, stderrFile, classpath, newSession, startTimeout, replyTimeout);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
