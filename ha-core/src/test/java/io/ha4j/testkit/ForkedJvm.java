package io.ha4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM for tests that need real process death ({@code kill -9}) or pauses ({@code SIGSTOP}),
 * plus an observer of its standard output. The child runs a {@code main} class from this test
 * classpath; it reports what it does as lines on stdout, which {@link #awaitLine} waits for. Standard
 * error goes to {@code <logDir>/<name>.err}.
 *
 * <p>Reusable by every module's tests (published in ha-core's test-jar). Signals are sent with
 * {@code kill} through {@link ProcessBuilder} with an argument list (no shell).
 */
public final class ForkedJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ForkedJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(this::readOutput, "forked-jvm-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} in a new JVM with this JVM's classpath.
   *
   * @param name a label for logs and the stderr file
   * @param mainClass the class whose {@code main} runs
   * @param jvmOptions e.g. {@code -Xmx64m}
   * @param args the program's arguments
   * @param logDir where {@code <name>.err} is written
   */
  public static ForkedJvm start(String name, Class<?> mainClass, List<String> jvmOptions, List<String> args, Path logDir) {
    return start(name, List.of(), mainClass, jvmOptions, args, logDir);
  }

  /**
   * Like {@link #start(String, Class, List, List, Path)}, with {@code launcher} words before the
   * {@code java} command, e.g. {@code ip netns exec NS} (which execs, so {@link #pid()} is the JVM's).
   */
  public static ForkedJvm start(String name, List<String> launcher, Class<?> mainClass, List<String> jvmOptions,
      List<String> args, Path logDir) {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command)
          .redirectError(logDir.resolve(name + ".err").toFile())
          .start();
      return new ForkedJvm(name, p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void readOutput() {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process died; the lines read so far stay available
    }
  }

  /** The label given at start. */
  public String name() {
    return name;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** True while the child runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Every stdout line so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The first line at index {@code >= from} matching {@code match}, waiting up to {@code timeout}. */
  public Optional<String> awaitLine(int from, Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int i = from;
      while (true) {
        for (; i < lines.size(); i++) {
          if (match.test(lines.get(i))) {
            return Optional.of(lines.get(i));
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          return Optional.empty();
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /**
   * Writes {@code line} and a newline to the child's standard input (for children that take
   * commands there).
   */
  public void sendLine(String line) {
    try {
      var in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name, e);
    }
  }

  /** Kills the child with SIGKILL ({@code kill -9}) and waits for it to be gone. */
  public void kill9() {
    signal("-KILL");
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pauses the child ({@code kill -STOP}). */
  public void pause() {
    signal("-STOP");
  }

  /** Resumes a paused child ({@code kill -CONT}). */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException("kill " + signal + " " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "ForkedJvm[" + name + ", pid " + process.pid() + "]";
  }
}
