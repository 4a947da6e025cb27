package io.ha4j.benchmarks.failover;

import io.ha4j.testkit.NetnsLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Observes one address (or several) at the address itself: in each namespace an {@code ip -n NS -o monitor
 * address} process, whose lines are stamped with this JVM's {@link System#nanoTime} on arrival. Keeps
 * every add/delete of the address, so that the intervals in which two namespaces held it can be
 * measured afterwards. Ready once each monitor has reported a marker address of its own.
 */
public final class AddressWatch implements AutoCloseable {
  /** One change of address {@code addr} (index): namespace index, when, present after it. */
  public record Change(int addr, int ns, long nanos, boolean present) {
    Change(int ns, long nanos, boolean present) {
      this(0, ns, nanos, present);
    }
  }

  /** An interval in which two or more namespaces held address {@code addr}: from, to (nanos), who. */
  public record Overlap(int addr, long from, long to, List<Integer> namespaces) {}

  private final List<String> namespaces;
  private final List<String> addresses;
  private final List<Process> monitors = new ArrayList<>();
  private final List<Change> changes = new ArrayList<>();
  private final boolean[][] all;
  private final boolean[] present;
  private final boolean[] sawMarker;

  /** Watches {@code cidr} (e.g. {@code 10.77.0.100/24}) in every namespace. */
  public AddressWatch(List<String> namespaces, String cidr) {
    this(namespaces, List.of(cidr));
  }

  /** Watches each of {@code cidrs} in every namespace; the single-address methods are about the first. */
  public AddressWatch(List<String> namespaces, List<String> cidrs) {
    this.namespaces = List.copyOf(namespaces);
    this.addresses = cidrs.stream().map(c -> c.split("/")[0]).toList();
    this.all = new boolean[addresses.size()][namespaces.size()];
    this.present = all[0];
    this.sawMarker = new boolean[namespaces.size()];
    for (int i = 0; i < namespaces.size(); i++) {
      int ns = i;
      try {
        Process p = new ProcessBuilder(NetnsLab.IP, "-n", namespaces.get(i), "-o", "monitor", "address")
            .redirectErrorStream(true).start();
        monitors.add(p);
        Thread t = new Thread(() -> read(ns, p), "ip-monitor-" + namespaces.get(i));
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start ip monitor", e);
      }
    }
    String marker = "198.19.255.254/32";
    for (int i = 0; i < namespaces.size(); i++) {
      for (int attempt = 0; attempt < 50 && !marker(i); attempt++) {
        NetnsLab.run(List.of(NetnsLab.IP, "-n", namespaces.get(i), "addr", "add", marker, "dev", "eth0"));
        NetnsLab.run(List.of(NetnsLab.IP, "-n", namespaces.get(i), "addr", "del", marker, "dev", "eth0"));
        awaitMarker(i, 200);
      }
      if (!marker(i)) {
        throw new IllegalStateException("ip monitor in " + namespaces.get(i) + " reported nothing");
      }
      String shown = NetnsLab.run(List.of(NetnsLab.IP, "-n", namespaces.get(i), "-o", "addr", "show")).output();
      synchronized (this) {
        for (int a = 0; a < addresses.size(); a++) {
          all[a][i] = shown.contains(" " + addresses.get(a) + "/");
        }
      }
    }
  }

  private synchronized boolean marker(int i) {
    return sawMarker[i];
  }

  private synchronized void awaitMarker(int i, long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!sawMarker[i] && System.nanoTime() < end) {
      try {
        wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void read(int ns, Process p) {
    try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        synchronized (this) {
          if (line.contains(" 198.19.255.254/32 ")) {
            sawMarker[ns] = true;
          } else {
            for (int a = 0; a < addresses.size(); a++) {
              if (line.contains(" inet " + addresses.get(a) + "/")) {
                boolean on = !line.startsWith("Deleted");
                if (all[a][ns] != on) {
                  all[a][ns] = on;
                  changes.add(new Change(a, ns, now, on));
                }
              }
            }
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** The namespaces (indexes) that hold the (first) address now. */
  public synchronized List<Integer> holders() {
    return holders(0);
  }

  /** The namespaces (indexes) that hold address {@code addr} (index) now. */
  public synchronized List<Integer> holders(int addr) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < all[addr].length; i++) {
      if (all[addr][i]) {
        out.add(i);
      }
    }
    return out;
  }

  /** Every change of address {@code addr} so far, in order of arrival. */
  public synchronized List<Change> changes(int addr) {
    return changes.stream().filter(c -> c.addr() == addr).toList();
  }

  /**
   * Every interval in which two or more namespaces held address {@code addr}, from the start of the
   * watch; one still going on ends now.
   */
  public synchronized List<Overlap> overlaps(int addr) {
    boolean[] on = all[addr].clone();
    List<Change> mine = changes(addr);
    for (int i = mine.size() - 1; i >= 0; i--) {
      on[mine.get(i).ns()] = !mine.get(i).present();
    }
    List<Overlap> out = new ArrayList<>();
    long start = count(on) >= 2 ? 0 : -1;
    List<Integer> who = new ArrayList<>();
    for (Change c : mine) {
      on[c.ns()] = c.present();
      if (count(on) >= 2) {
        if (start < 0) {
          start = c.nanos();
          who = new ArrayList<>();
        }
        for (int i = 0; i < on.length; i++) {
          if (on[i] && !who.contains(i)) {
            who.add(i);
          }
        }
      } else if (start >= 0) {
        out.add(new Overlap(addr, start, c.nanos(), List.copyOf(who)));
        start = -1;
      }
    }
    if (start >= 0) {
      out.add(new Overlap(addr, start, System.nanoTime(), List.copyOf(who)));
    }
    return out;
  }

  /**
   * Waits until exactly one namespace other than {@code except} (-1: any) holds the address; returns
   * when it was added there (nanos), or -1 on timeout.
   */
  synchronized long awaitSoleHolderOtherThan(int except, long timeoutMs) {
    long end = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      for (int i = 0; i < present.length; i++) {
        if (i != except && present[i]) {
          return lastAdded(i);
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  /** Waits until namespace {@code ns} no longer holds the address; returns when (nanos), or -1. */
  synchronized long awaitAbsent(int ns, long timeoutMs) {
    long end = System.nanoTime() + timeoutMs * 1_000_000;
    while (present[ns]) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (changes.get(i).addr() == 0 && changes.get(i).ns() == ns && !changes.get(i).present()) {
        return changes.get(i).nanos();
      }
    }
    return System.nanoTime();
  }

  private long lastAdded(int ns) {
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (changes.get(i).addr() == 0 && changes.get(i).ns() == ns && changes.get(i).present()) {
        return changes.get(i).nanos();
      }
    }
    return 0;
  }

  /**
   * The longest interval since {@code since} (nanos) in which two or more namespaces held the address,
   * counting an overlap still going on up to now, in ms.
   */
  synchronized double maxOverlapMs(long since) {
    boolean[] on = present.clone();
    // replay backwards to the state at `since`
    List<Change> after = new ArrayList<>();
    List<Change> mine = changes(0);
    for (int i = mine.size() - 1; i >= 0 && mine.get(i).nanos() >= since; i--) {
      after.add(0, mine.get(i));
      on[mine.get(i).ns()] = !mine.get(i).present();
    }
    long start = count(on) >= 2 ? since : -1;
    long max = 0;
    for (Change c : after) {
      on[c.ns()] = c.present();
      if (count(on) >= 2 && start < 0) {
        start = c.nanos();
      } else if (count(on) < 2 && start >= 0) {
        max = Math.max(max, c.nanos() - start);
        start = -1;
      }
    }
    if (start >= 0) {
      max = Math.max(max, System.nanoTime() - start);
    }
    return max / 1e6;
  }

  private static int count(boolean[] on) {
    int n = 0;
    for (boolean b : on) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** Removes the address from namespace {@code ns} (the harness cleaning up an orphan). */
  public void remove(int ns, String cidr) {
    NetnsLab.run(List.of(NetnsLab.IP, "-n", namespaces.get(ns), "addr", "del", cidr, "dev", "eth0"));
  }

  @Override
  public void close() {
    monitors.forEach(Process::destroyForcibly);
  }
}
