package io.ha4j.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Watches address changes in a namespace with {@code ip -n NS -o monitor address} and records when
 * (on this JVM's {@link System#nanoTime} clock) each line arrived: the moment an address was
 * removed, without polling. Ready once it has seen a marker address of its own come and go.
 */
final class AddressMonitor implements AutoCloseable {
  private record Event(long nanos, String line) {}

  private final Process process;
  private final long startedAt = System.nanoTime();
  private final List<Event> events = new ArrayList<>();

  private AddressMonitor(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "ip-monitor");
    reader.setDaemon(true);
    reader.start();
  }

  static AddressMonitor start(TestNamespace ns) {
    try {
      AddressMonitor m = new AddressMonitor(
          new ProcessBuilder("ip", "-n", ns.name(), "-o", "monitor", "address").redirectErrorStream(true).start());
      // prove it is listening: a marker address must show up in its output (it may take a few
      // tries: changes made before ip monitor subscribed are not reported)
      String marker = "198.19.255.254/32";
      for (int attempt = 0; attempt < 50; attempt++) {
        ns.ip("addr", "add", marker, "dev", TestNamespace.DEVICE);
        ns.ip("addr", "del", marker, "dev", TestNamespace.DEVICE);
        if (m.awaitLine("Deleted", marker, Duration.ofMillis(200)).isPresent()) {
          return m;
        }
      }
      m.close();
      throw new IllegalStateException("ip monitor did not report the marker address");
    } catch (IOException e) {
      throw new IllegalStateException("cannot start ip monitor", e);
    }
  }

  private void read() {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        synchronized (events) {
          events.add(new Event(now, line));
          events.notifyAll();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** When a line starting with {@code prefix} and naming {@code cidr} arrived, waiting up to {@code timeout}. */
  OptionalLong awaitLine(String prefix, String cidr, Duration timeout) {
    return awaitLine(prefix, cidr, timeout, false, startedAt);
  }

  private OptionalLong awaitLine(String prefix, String cidr, Duration timeout, boolean notDeleted, long since) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      int i = 0;
      while (true) {
        for (; i < events.size(); i++) {
          Event e = events.get(i);
          if (e.nanos() - since >= 0 && e.line().startsWith(prefix) && e.line().contains(" " + cidr + " ")
              && !(notDeleted && e.line().startsWith("Deleted"))) {
            return OptionalLong.of(e.nanos());
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return OptionalLong.empty();
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(events, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return OptionalLong.empty();
        }
      }
    }
  }

  /** When {@code cidr} was first added at or after {@code since} (a line naming it that is not a deletion). */
  OptionalLong awaitAdded(String cidr, long since, Duration timeout) {
    return awaitLine("", cidr, timeout, true, since);
  }

  /** When {@code cidr} was removed. */
  OptionalLong awaitDeleted(String cidr, Duration timeout) {
    return awaitLine("Deleted", cidr, timeout);
  }

  /** When {@code cidr} was first removed at or after {@code since}. */
  OptionalLong awaitDeleted(String cidr, long since, Duration timeout) {
    return awaitLine("Deleted", cidr, timeout, false, since);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
