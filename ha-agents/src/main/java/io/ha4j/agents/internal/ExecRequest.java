package io.ha4j.agents.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One child process to run: an argument vector (never a shell command line), its whole environment,
 * its working directory, what to write to its standard input, and its timeout.
 *
 * @param argv the program and its arguments; {@code argv[0]} is an absolute path or a name found on
 *     {@code PATH}
 * @param environment the child's complete environment (nothing is inherited)
 * @param workdir the working directory, or {@code null} for {@code /}
 * @param stdin bytes written to standard input then closed, or {@code null} for {@code /dev/null}
 * @param timeout after this the whole process tree is killed
 * @param stdoutLimit how many of the last bytes of standard output to keep
 * @param label names the run in log lines, e.g. {@code "ocf:heartbeat:IPaddr2 start VIP"}
 * @param logOutput whether the output tail is logged (off for output that may hold secrets)
 */
public record ExecRequest(List<String> argv, Map<String, String> environment, Path workdir, byte[] stdin,
    Duration timeout, int stdoutLimit, String label, boolean logOutput) {

  /** The default number of bytes of output kept and logged. */
  public static final int DEFAULT_TAIL = 4096;

  /** Copies the collections and checks the arguments. */
  public ExecRequest {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(label, "label");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    if (stdin != null && stdin.length > 16 * 1024) {
      throw new IllegalArgumentException("stdin is limited to 16 KiB, got " + stdin.length);
    }
  }

  /** A run with the default environment, no input, the default output tail and logging on. */
  public static ExecRequest of(List<String> argv, Duration timeout, String label) {
    return new ExecRequest(argv, Exec.baseEnvironment(), null, null, timeout, DEFAULT_TAIL, label, true);
  }

  /** The same run with another environment. */
  public ExecRequest withEnvironment(Map<String, String> env) {
    return new ExecRequest(argv, env, workdir, stdin, timeout, stdoutLimit, label, logOutput);
  }

  /** The same run with standard input. */
  public ExecRequest withStdin(byte[] input) {
    return new ExecRequest(argv, environment, workdir, input, timeout, stdoutLimit, label, logOutput);
  }

  /** The same run keeping up to {@code limit} bytes of standard output. */
  public ExecRequest withStdoutLimit(int limit) {
    return new ExecRequest(argv, environment, workdir, stdin, timeout, limit, label, logOutput);
  }

  /** The same run with output logging on or off. */
  public ExecRequest withLogOutput(boolean log) {
    return new ExecRequest(argv, environment, workdir, stdin, timeout, stdoutLimit, label, log);
  }
}
