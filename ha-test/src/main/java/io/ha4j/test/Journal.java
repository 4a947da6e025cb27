package io.ha4j.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every {@link RecordingAgent} of a cluster did, in order: starts, stops, and resources that
 * died with their node (crash, halt). Thread-safe. {@link #overlaps()} checks the one property that
 * matters most: no resource ever ran on two nodes at once.
 */
public final class Journal {

  /** What happened. */
  public enum Kind {
    /** The agent started the resource. */
    START,
    /** The agent stopped the resource. */
    STOP,
    /** The resource died with its node (kill -9, halt). */
    DIED
  }

  /**
   * One entry.
   *
   * @param kind what happened
   * @param resource the resource
   * @param node where
   * @param epoch the epoch the agent was given (0 for DIED)
   * @param monotonicNanos when, on the cluster's clock
   */
  public record Entry(Kind kind, String resource, String node, long epoch, long monotonicNanos) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(Entry e) {
    entries.add(e);
  }

  /** Every entry so far. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one resource. */
  public synchronized List<Entry> of(String resource) {
    return entries.stream().filter(e -> e.resource().equals(resource)).toList();
  }

  /**
   * Every moment at which a resource ran on two nodes: for each START, the other nodes where the same
   * resource was running (started and not yet stopped or died). Empty means "never double-active".
   */
  public synchronized List<String> overlaps() {
    List<String> out = new ArrayList<>();
    Map<String, Set<String>> running = new HashMap<>();
    for (Entry e : entries) {
      Set<String> on = running.computeIfAbsent(e.resource(), k -> new HashSet<>());
      if (e.kind() == Kind.START) {
        for (String other : on) {
          if (!other.equals(e.node())) {
            out.add(e.resource() + " started on " + e.node() + " (epoch " + e.epoch() + ") at " + e.monotonicNanos()
                + " ns while running on " + other);
          }
        }
        on.add(e.node());
      } else {
        on.remove(e.node());
      }
    }
    return out;
  }

  @Override
  public synchronized String toString() {
    StringBuilder b = new StringBuilder();
    for (Entry e : entries) {
      b.append(e.monotonicNanos() / 1_000_000).append(" ms ").append(e.kind()).append(' ').append(e.resource())
          .append(" on ").append(e.node()).append(" epoch ").append(e.epoch()).append('\n');
    }
    return b.toString();
  }
}
