package io.ha4j.guard;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guard program: {@code java -cp ha-guard.jar io.ha4j.guard.GuardMain} (no arguments), started
 * by a node through {@link GuardClient}. Reads the line protocol ({@link GuardProtocol}) from
 * standard input, answers each line with {@code OK} or {@code ERR <reason>} on standard output
 * (after a first line {@code READY <pid>}), logs every step on standard error, and exits:
 * 0 after {@code BYE}; 3 after releasing everything because the lease expired; 4 after releasing
 * everything because the pipe closed without {@code BYE}; 5 when a release step failed; 2 on wrong
 * usage.
 *
 * <p>Uses the JDK only (no logging library) and is meant to run with a small heap, e.g. {@code
 * -Xmx16m -XX:TieredStopAtLevel=1 -Xss256k -XX:+UseSerialGC}.
 */
public final class GuardMain {
  private GuardMain() {}

  /**
   * Runs the guard until {@code BYE}, the end of its input or the end of its lease.
   *
   * @param args none
   */
  public static void main(String[] args) {
    long pid = ProcessHandle.current().pid();
    GuardLog log = new GuardLog(System.err, pid);
    if (args.length != 0) {
      log.log("usage: java -cp ha-guard.jar io.ha4j.guard.GuardMain (no arguments; commands on stdin)");
      System.exit(2);
    }
    protectFromOomKiller(log);
    LinuxActions actions = new LinuxActions(log);
    actions.warmUp();
    Guard guard = new Guard(actions, log, System::nanoTime);
    PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);

    Thread reader = new Thread(() -> readCommands(System.in, replies, guard, log), "guard-stdin");
    reader.setDaemon(true);
    reader.start();
    reply(replies, "READY " + pid);
    log.log("ready (java " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)");

    int exitCode;
    try {
      Guard.Outcome outcome = guard.awaitOutcome();
      if (outcome == Guard.Outcome.BYE) {
        reader.join(1_000); // let the reply to BYE go out
        exitCode = 0;
      } else {
        exitCode = guard.enforce() ? outcome.exitCode : Guard.EXIT_STEP_FAILED;
      }
    } catch (InterruptedException e) {
      log.log("interrupted: exiting without enforcing");
      exitCode = 1;
    }
    log.log("exit " + exitCode);
    System.exit(exitCode);
  }

  /**
   * Reads lines of at most {@link GuardProtocol#MAX_LINE} bytes until end of input; a longer line is
   * refused as a whole. Bytes are taken as Latin-1 so that anything outside ASCII reaches the
   * parser's printable check and is refused there.
   */
  static void readCommands(InputStream in, PrintStream replies, Guard guard, GuardLog log) {
    StringBuilder line = new StringBuilder(128);
    boolean tooLong = false;
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (line.length() <= GuardProtocol.MAX_LINE) {
            line.append((char) (b & 0xff));
          } else {
            tooLong = true;
          }
          continue;
        }
        String text = line.toString();
        line.setLength(0);
        if (tooLong) {
          tooLong = false;
          log.log("refused a line longer than " + GuardProtocol.MAX_LINE + " characters");
          reply(replies, "ERR line longer than " + GuardProtocol.MAX_LINE + " characters");
          continue;
        }
        String answer;
        GuardCommand command = null;
        try {
          command = GuardProtocol.parse(text);
          answer = guard.handle(command);
        } catch (IllegalArgumentException e) {
          log.log("refused " + Fields.printable(text) + ": " + e.getMessage());
          answer = "ERR " + e.getMessage();
        }
        reply(replies, answer);
        if (command instanceof GuardCommand.Bye && answer.equals("OK")) {
          return;
        }
      }
      if (line.length() > 0 || tooLong) {
        log.log("input ended inside a line; the partial line is ignored");
      }
    } catch (IOException e) {
      log.log("reading the pipe failed: " + e.getMessage());
    }
    guard.pipeClosed();
  }

  /** Replies are best effort: when the JVM is gone nobody reads them. */
  private static void reply(PrintStream replies, String line) {
    replies.print(line);
    replies.print('\n');
    replies.flush();
  }

  /**
   * Asks the kernel's OOM killer to spare the guard (oom_score_adj -1000, allowed for root), so that
   * under memory pressure it takes the JVM and the guard can clean up after it.
   */
  private static void protectFromOomKiller(GuardLog log) {
    Path adj = Path.of("/proc/self/oom_score_adj");
    try (OutputStream out = Files.newOutputStream(adj)) {
      out.write("-1000".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      log.log("oom_score_adj unchanged (" + e.getMessage() + ")");
    }
  }
}
