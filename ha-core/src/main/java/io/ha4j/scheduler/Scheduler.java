package io.ha4j.scheduler;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides where every resource runs and which actions get it there, the way Pacemaker 2.1.5's
 * scheduler does for the same configuration (see conformance/SCHEDULER-SEMANTICS.md).
 *
 * <p>A pure function: no I/O, no clock of its own, no randomness; the same input always gives the
 * same output, and ties are broken by a stable order (load, then current node, then node name).
 * Thread-safe.
 *
 * <pre>{@code
 * Transition t = Scheduler.schedule(config, state, Instant.now());
 * t.changes().forEach(System.out::println);   // e.g. "Move WebService (node1 -> node2)"
 * }</pre>
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
   * @throws NullPointerException if an argument is null
   */
  public static Transition schedule(ClusterConfig config, ClusterState state, Instant now) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(now, "now");
    SchedulerRun run = new SchedulerRun(config, state, now);
    run.unpack();
    run.applyNodeCriteria();
    run.unpackColocations();
    run.assignAll();
    ActionPlanner planner = new ActionPlanner(run);
    planner.plan();
    return new TransitionBuilder(run, planner).build();
  }
}
