package io.ha4j.spring;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;

/**
 * A managed SmartLifecycle bean for tests: records, across every application context of the JVM,
 * where each resource runs and every moment it ran on two nodes at once.
 */
public class Worker implements SmartLifecycle {

  /** resource -> nodes where it runs now. */
  static final Map<String, Set<String>> RUNNING = new ConcurrentHashMap<>();
  /** "resource on a and b" for every start while it ran elsewhere. */
  static final List<String> OVERLAPS = new CopyOnWriteArrayList<>();

  final String resource;
  final String node;
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger stops = new AtomicInteger();
  private volatile boolean running;

  public Worker(String resource, String node) {
    this.resource = resource;
    this.node = node;
  }

  static void reset() {
    RUNNING.clear();
    OVERLAPS.clear();
  }

  static Set<String> runningOn(String resource) {
    return new TreeSet<>(RUNNING.getOrDefault(resource, Set.of()));
  }

  @Override
  public synchronized void start() {
    Set<String> on = RUNNING.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet());
    if (!on.isEmpty() && !on.contains(node)) {
      OVERLAPS.add(resource + " on " + node + " while on " + on);
    }
    on.add(node);
    starts.incrementAndGet();
    running = true;
  }

  @Override
  public synchronized void stop() {
    if (running) {
      stops.incrementAndGet();
    }
    running = false;
    RUNNING.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).remove(node);
  }

  /** How often it was started (a method: the bean is a proxy). */
  public int starts() {
    return starts.get();
  }

  /** How often it was stopped while running. */
  public int stops() {
    return stops.get();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
