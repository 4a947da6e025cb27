package io.ha4j.agents.internal;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs child processes for the agents: never through a shell, with a clean environment, output
 * captured to private temporary files (so that a daemon that keeps the output open can never block
 * the caller), and a timeout that kills the whole process tree.
 *
 * <p>Thread-safe and stateless.
 */
public final class Exec {

  private static final Logger log = LoggerFactory.getLogger(Exec.class);
  private static final File DEV_NULL = new File("/dev/null");

  /** The {@code PATH} given to children and searched for tools. */
  public static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private Exec() {}

  /** {@code PATH} and {@code LC_ALL=C}: the environment every agent command starts from. */
  public static Map<String, String> baseEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", SYSTEM_PATH);
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    return env;
  }

  /**
   * Runs the request to its end or its timeout. If the calling thread is interrupted, the process
   * tree is killed and {@link InterruptedException} is thrown.
   */
  public static ExecResult run(ExecRequest request) throws InterruptedException {
    long started = System.nanoTime();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("ha4j-agent-", ".out");
      err = Files.createTempFile("ha4j-agent-", ".err");
      ProcessBuilder pb = new ProcessBuilder(request.argv());
      pb.environment().clear();
      pb.environment().putAll(request.environment());
      pb.directory(request.workdir() == null ? new File("/") : request.workdir().toFile());
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      if (request.stdin() == null) {
        pb.redirectInput(DEV_NULL);
      }
      log.debug("{}: running {}", request.label(), request.argv());
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        log.warn("{}: could not start {}: {}", request.label(), request.argv().get(0), why);
        return new ExecResult(-1, "", "", false, why, elapsed(started));
      }
      if (request.stdin() != null) {
        writeStdin(process, request.stdin());
      }
      boolean finished;
      try {
        finished = process.waitFor(Math.max(0, request.timeout().toNanos()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        killTree(process.toHandle());
        log.warn("{}: interrupted; killed the process tree of pid {}", request.label(), process.pid());
        throw e;
      }
      if (!finished) {
        killTree(process.toHandle());
        process.waitFor(2, TimeUnit.SECONDS);
      }
      ExecResult result = new ExecResult(finished ? process.exitValue() : -1,
          tail(out, request.stdoutLimit()), tail(err, ExecRequest.DEFAULT_TAIL), !finished, null,
          elapsed(started));
      report(request, result);
      return result;
    } catch (IOException e) {
      return new ExecResult(-1, "", "", false, "temporary output file: " + e.getMessage(), elapsed(started));
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * Starts the request and returns at once; the result completes when the process ends or its
   * timeout kills the tree. Output is logged and the temporary files are removed on completion. The
   * returned future completes exceptionally only when the process could not be started.
   */
  public static CompletableFuture<ExecResult> runInBackground(ExecRequest request) {
    long started = System.nanoTime();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("ha4j-agent-", ".out");
      err = Files.createTempFile("ha4j-agent-", ".err");
      ProcessBuilder pb = new ProcessBuilder(request.argv());
      pb.environment().clear();
      pb.environment().putAll(request.environment());
      pb.directory(request.workdir() == null ? new File("/") : request.workdir().toFile());
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      pb.redirectInput(DEV_NULL);
      log.debug("{}: running in the background {}", request.label(), request.argv());
      Process process = pb.start();
      // keep the files open and unlink them now: nothing is left on disk even if the JVM ends first
      RandomAccessFile o = new RandomAccessFile(out.toFile(), "r");
      RandomAccessFile e = new RandomAccessFile(err.toFile(), "r");
      deleteQuietly(out);
      deleteQuietly(err);
      return process.onExit()
          .orTimeout(Math.max(1, request.timeout().toMillis()), TimeUnit.MILLISECONDS)
          .handle((p, failure) -> {
            boolean timedOut = failure != null;
            if (timedOut) {
              killTree(process.toHandle());
            }
            try (o; e) {
              ExecResult result = new ExecResult(timedOut ? -1 : process.exitValue(),
                  readTail(o, request.stdoutLimit()), readTail(e, ExecRequest.DEFAULT_TAIL), timedOut, null,
                  elapsed(started));
              report(request, result);
              return result;
            } catch (IOException closing) {
              throw new java.io.UncheckedIOException(closing);
            }
          });
    } catch (IOException e) {
      deleteQuietly(out);
      deleteQuietly(err);
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn("{}: could not start {}: {}", request.label(), request.argv().get(0), why);
      return CompletableFuture.completedFuture(new ExecResult(-1, "", "", false, why, elapsed(started)));
    }
  }

  private static String readTail(RandomAccessFile file, int limit) {
    try {
      return tail(file, limit);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Kills a process and every descendant with SIGKILL. Descendants are collected first (they are
   * re-parented once their parent dies) and the walk is repeated a few times to catch children
   * forked meanwhile.
   */
  public static void killTree(ProcessHandle root) {
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> tree = new ArrayList<>();
      root.descendants().forEach(tree::add);
      tree.add(root);
      boolean any = false;
      for (ProcessHandle h : tree) {
        if (!hasEnded(h)) {
          any = true;
          h.destroyForcibly();
        }
      }
      if (!any) {
        return;
      }
    }
  }

  /**
   * Whether a process has ended: not alive, or a zombie (killed but not yet reaped, which takes a
   * while when its parent is a slow init).
   */
  public static boolean hasEnded(ProcessHandle h) {
    if (!h.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"), StandardCharsets.US_ASCII);
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      return !h.isAlive();
    }
  }

  private static void writeStdin(Process process, byte[] input) {
    try (OutputStream os = process.getOutputStream()) {
      os.write(input);
    } catch (IOException e) {
      // the child closed its input early (e.g. it does not read it): not our failure
      log.debug("standard input not fully written: {}", e.getMessage());
    }
  }

  private static void report(ExecRequest request, ExecResult result) {
    boolean failed = !result.ok();
    if (failed) {
      log.info("{}: {} ({} ms)", request.label(), result.timedOut() ? "timed out, process tree killed"
          : "exit code " + result.exitCode(), result.elapsed().toMillis());
    } else {
      log.debug("{}: exit code 0 ({} ms)", request.label(), result.elapsed().toMillis());
    }
    if (request.logOutput()) {
      OutputLog.log(log, failed, request.label() + " stdout", lastBytes(result.stdout(), ExecRequest.DEFAULT_TAIL));
      OutputLog.log(log, failed, request.label() + " stderr", result.stderr());
    }
  }

  private static String lastBytes(String s, int limit) {
    return s.length() <= limit ? s : s.substring(s.length() - limit);
  }

  /** The last {@code limit} bytes of a file, decoded as UTF-8. */
  static String tail(Path file, int limit) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      return tail(raf, limit);
    }
  }

  private static String tail(RandomAccessFile raf, int limit) throws IOException {
    long size = raf.length();
    int n = (int) Math.min(size, Math.max(0, limit));
    byte[] buf = new byte[n];
    raf.seek(size - n);
    raf.readFully(buf);
    return new String(buf, StandardCharsets.UTF_8);
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        log.debug("could not delete {}: {}", p, e.getMessage());
      }
    }
  }
}
