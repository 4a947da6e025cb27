package io.ha4j.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's side of the guard: starts the guard process ({@link GuardMain}, in its own small JVM,
 * through {@link ProcessBuilder} with an argument list — no shell), names this JVM to it, and then
 * sends lease extensions and the list of external resources held. {@link #close()} says goodbye:
 * the guard exits without touching anything.
 *
 * <p>How a node uses it: {@link #hold} a resource <em>before</em> acquiring it (adding an address,
 * starting a process), so that there is no moment where it exists unguarded; {@link #release} it
 * only after stopping it. Call {@link #lease} with the time left until the node must be considered
 * gone (its coordination lease minus a margin for the guard's own work) on every renewal. If the
 * JVM dies or stops renewing, the guard kills the JVM (in {@link GuardMode#KILL_JVM}) and removes
 * every resource still held.
 *
 * <p>Thread-safe. Every method but {@link #lease} waits for the guard's answer; {@code lease} only
 * writes to the pipe, so a renewal never blocks on the guard. Any failure — the guard refused the
 * command, did not answer in time, or is gone — is a {@link GuardException}: from then on the lease
 * is not enforced and the node must behave as fenced.
 */
public final class GuardClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GuardClient.class);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Process process;
  private final long guardPid;
  private final GuardOptions options;
  private final OutputStream toGuard;
  private final Queue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();
  private final Object writeLock = new Object();
  private volatile boolean broken;
  private boolean closed;

  private GuardClient(Process process, long guardPid, GuardOptions options) {
    this.process = process;
    this.guardPid = guardPid;
    this.options = options;
    this.toGuard = process.getOutputStream();
  }

  /**
   * Starts a guard for this JVM and waits until it is ready and knows this JVM and its mode.
   *
   * @throws GuardException when the guard cannot be started or does not answer in time
   */
  public static GuardClient start(GuardOptions options) {
    List<String> command = new ArrayList<>();
    if (options.newSession() && Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.jvmOptions());
    command.add("-cp");
    command.add((options.classpath() != null ? options.classpath() : ownClasspath()).toString());
    command.add(GuardMain.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(options.stderrFile() == null
        ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.appendTo(options.stderrFile().toFile()));
    long t0 = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new GuardException("cannot start the guard: " + command, e);
    }
    BufferedReader fromGuard = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    String ready;
    try {
      ready = CompletableFuture.supplyAsync(() -> readLine(fromGuard))
          .get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new GuardException("interrupted while starting the guard");
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new GuardException("the guard did not report ready within " + options.startTimeout(), e);
    }
    if (ready == null || !ready.startsWith("READY ")) {
      process.destroyForcibly();
      throw new GuardException("the guard did not start (first line " + ready + "); see its stderr");
    }
    long pid = Long.parseLong(ready.substring("READY ".length()));
    GuardClient client = new GuardClient(process, pid, options);
    Thread reader = new Thread(() -> client.readReplies(fromGuard), "ha4j-guard-replies-" + pid);
    reader.setDaemon(true);
    reader.start();
    long self = ProcessHandle.current().pid();
    try {
      // the mode first: until then the guard is in kill-jvm mode, and it must not know this JVM yet
      client.call("MODE " + options.mode().protocolName());
      var start = ProcStat.startTime(self);
      client.call("JVM " + self + (start.isPresent() ? " " + start.getAsLong() : ""));
    } catch (GuardException e) {
      process.destroyForcibly();
      throw e;
    }
    log.info("guard {} started in {} ms, mode {}", pid, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        options.mode().protocolName());
    return client;
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  private static Path ownClasspath() {
    try {
      var source = GuardMain.class.getProtectionDomain().getCodeSource();
      Path p = Path.of(source.getLocation().toURI());
      if (Files.exists(p)) {
        return p;
      }
      throw new GuardException("the guard's classes are not in a plain file (" + p + "): set GuardOptions.classpath");
    } catch (URISyntaxException | RuntimeException e) {
      if (e instanceof GuardException g) {
        throw g;
      }
      throw new GuardException("cannot locate the guard's classes: set GuardOptions.classpath", e);
    }
  }

  private void readReplies(BufferedReader in) {
    String line;
    while ((line = readLine(in)) != null) {
      CompletableFuture<String> f = pending.poll();
      if (f != null) {
        f.complete(line);
      } else {
        log.warn("guard {} sent an unexpected line: {}", guardPid, line);
      }
    }
    broken = true;
    CompletableFuture<String> f;
    while ((f = pending.poll()) != null) {
      f.completeExceptionally(new GuardException("the guard " + guardPid + " is gone"));
    }
  }

  /** The guard's process id. */
  public long pid() {
    return guardPid;
  }

  /** The mode the guard was started in. */
  public GuardMode mode() {
    return options.mode();
  }

  /** True while the guard process runs and its pipe works. */
  public boolean isAlive() {
    return !broken && process.isAlive();
  }

  /** Completes with the guard's exit code when it exits (0 after a goodbye; see {@link GuardMain}). */
  public CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /**
   * Extends the lease: the guard acts if it hears nothing more within {@code length} of reading this.
   * Does not wait for the guard's answer.
   *
   * @throws IllegalArgumentException unless {@code length} is 1 ms .. 1 h
   * @throws GuardException when the guard is gone
   */
  public void lease(Duration length) {
    long ms = length.toMillis();
    if (ms < 1 || ms > Fields.LEASE_MAX_MILLIS) {
      throw new IllegalArgumentException("lease must be 1 ms .. 1 h: " + length);
    }
    send("LEASE " + ms).thenAccept(reply -> {
      if (!reply.equals("OK")) {
        log.warn("guard {} refused a lease extension: {}", guardPid, reply);
      }
    });
  }

  /**
   * Tells the guard to remove {@code resource} when the lease ends. Call it before acquiring the
   * resource. Holding a resource twice is the same as once.
   *
   * @throws GuardException when the guard refuses, does not answer in time or is gone
   */
  public void hold(HeldResource resource) {
    call("HOLD " + resource.protocolArguments());
  }

  /**
   * Tells the guard that this JVM released {@code resource} itself. Call it after stopping it.
   *
   * @throws GuardException when the guard does not answer in time or is gone
   */
  public void release(HeldResource resource) {
    call("RELEASE " + resource.protocolArguments());
  }

  /**
   * Like {@link #hold}, without waiting: the write happens now, the future completes when the guard
   * answered (exceptionally with a {@link GuardException} when it refused or is gone).
   *
   * @throws GuardException when the pipe is already broken
   */
  CompletableFuture<Void> holdAsync(HeldResource resource) {
    return acknowledged("HOLD " + resource.protocolArguments());
  }

  /** Like {@link #release}, without waiting (see {@link #holdAsync}). */
  CompletableFuture<Void> releaseAsync(HeldResource resource) {
    return acknowledged("RELEASE " + resource.protocolArguments());
  }

  private CompletableFuture<Void> acknowledged(String line) {
    return send(line).thenAccept(reply -> {
      if (!reply.equals("OK")) {
        throw new GuardException("the guard refused " + line + ": " + reply);
      }
    });
  }

  /**
   * Says goodbye: the guard exits and releases nothing. Call it only after this node stopped (or
   * deliberately handed over) its external resources. Waits for the guard to exit; idempotent.
   */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (isAlive()) {
        awaitReply("BYE", sendUnchecked("BYE"));
      }
      if (!process.waitFor(options.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("guard {} did not exit after BYE; killing it", guardPid);
        process.destroyForcibly();
      }
      log.info("guard {} closed (exit {})", guardPid, process.isAlive() ? "?" : process.exitValue());
    } catch (GuardException e) {
      log.warn("guard {}: {}", guardPid, e.getMessage());
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private String call(String line) {
    return awaitReply(line, send(line));
  }

  private String awaitReply(String line, CompletableFuture<String> reply) {
    String answer;
    try {
      answer = reply.get(options.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuardException("interrupted waiting for the guard's answer to " + line);
    } catch (ExecutionException e) {
      throw new GuardException("the guard " + guardPid + " is gone (sending " + line + ")", e.getCause());
    } catch (TimeoutException e) {
      throw new GuardException("the guard " + guardPid + " did not answer " + line + " within " + options.replyTimeout());
    }
    if (!answer.equals("OK")) {
      throw new GuardException("the guard refused " + line + ": " + answer);
    }
    return answer;
  }

  private CompletableFuture<String> send(String line) {
    synchronized (writeLock) {
      if (closed) {
        throw new GuardException("the guard client is closed");
      }
      return sendUnchecked(line);
    }
  }

  private CompletableFuture<String> sendUnchecked(String line) {
    synchronized (writeLock) {
      if (broken) {
        throw new GuardException("the guard " + guardPid + " is gone");
      }
      CompletableFuture<String> reply = new CompletableFuture<>();
      pending.add(reply);
      try {
        toGuard.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        toGuard.flush();
      } catch (IOException e) {
        pending.remove(reply);
        broken = true;
        throw new GuardException("the guard " + guardPid + " is gone (pipe: " + e.getMessage() + ")", e);
      }
      return reply;
    }
  }

  @Override
  public String toString() {
    return "GuardClient[pid " + guardPid + ", " + options.mode().protocolName() + (isAlive() ? "" : ", gone") + "]";
  }
}
