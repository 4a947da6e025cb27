package io.ha4j.scheduler;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides where every resource runs and which actions get it there, the way Pacemaker's scheduler
 * does. A pure function: no I/O, no clock of its own, no randomness; the same input always gives the
 * same output. Thread-safe.
 */
public final class Scheduler {

  private Scheduler() {}

  /**
   * Computes the transition from {@code state} towards what {@code config} asks for.
   *
   * @param config a valid configuration (see {@link ClusterConfig#validate()})
   * @param state what is observed now
   * @param now the time against which failure timeouts and constraint lifetimes are judged
   * @return the placement, actions and summary
   */
  public static Transition schedule(ClusterConfig config, ClusterState state, Instant now) {
    return new Transition(Map.of(), List.of(), List.of(), List.of(), Map.of());
  }
}
