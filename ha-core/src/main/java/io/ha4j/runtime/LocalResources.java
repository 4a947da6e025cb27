package io.ha4j.runtime;

import io.ha4j.spi.support.TaskScheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node itself runs, as its own agents last reported: the only view self-fencing trusts.
 * Thread-safe (the engine and the lease watchdog both use it).
 */
final class LocalResources {

  /** A resource's lifecycle on this node. */
  enum Role { STOPPED, STARTING, STARTED, STOPPING, FAILED, BLOCKED }

  static final class Entry {
    final String id;
    Role role = Role.STOPPED;
    long epoch;
    long startOrder;
    TaskScheduler.Cancellable monitor;

    Entry(String id) {
      this.id = id;
    }

    boolean mayBeRunning() {
      return role != Role.STOPPED;
    }

    boolean busy() {
      return role == Role.STARTING || role == Role.STOPPING;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long counter;

  synchronized Entry get(String id) {
    return entries.computeIfAbsent(id, Entry::new);
  }

  synchronized void set(String id, Role role, long epoch) {
    Entry e = get(id);
    if (role == Role.STARTED && e.role != Role.STARTED) {
      e.startOrder = ++counter;
    }
    e.role = role;
    e.epoch = epoch;
    if (role != Role.STARTED && e.monitor != null) {
      e.monitor.cancel();
      e.monitor = null;
    }
  }

  synchronized Role role(String id) {
    Entry e = entries.get(id);
    return e == null ? Role.STOPPED : e.role;
  }

  /** Resources that may be running here, most recently started first (the order to stop them in). */
  synchronized List<String> mayBeRunningNewestFirst() {
    List<Entry> list = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.mayBeRunning()) {
        list.add(e);
      }
    }
    list.sort(Comparator.comparingLong((Entry e) -> e.startOrder).reversed());
    return list.stream().map(e -> e.id).toList();
  }

  synchronized List<String> started() {
    return entries.values().stream().filter(e -> e.role == Role.STARTED).map(e -> e.id).toList();
  }

  synchronized void cancelMonitors() {
    for (Entry e : entries.values()) {
      if (e.monitor != null) {
        e.monitor.cancel();
        e.monitor = null;
      }
    }
  }
}
