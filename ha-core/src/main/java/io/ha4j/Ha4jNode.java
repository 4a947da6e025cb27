package io.ha4j;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One cluster node running inside this JVM: made by {@link Ha4j#builder()}, started with {@link
 * #start()}, stopped with {@link #close()} (which stops every local resource first).
 *
 * <p>Guarantee: a resource runs on at most one node at a time. Every action carries the epoch of the
 * controller that ordered it and nodes refuse older epochs; a node that cannot renew its lease stops
 * its resources before the lease ends (halting the JVM if a stop overruns); the controller recovers
 * a lost node's resources only after its lease surely ended (plus {@link Timing#fenceDelay()}) or a
 * fencing agent confirmed it off. Without a fencing agent, this holds as long as the nodes' clock
 * rates differ by less than the margin.
 *
 * <p>{@link #isLeader()}, {@link #currentLeader()}, {@link #epoch()} and {@link #status()} are the
 * truth; events are advisory. Admin operations are configuration changes made with compare-and-set
 * through the coordination store (every node sees them); they may be called on any node and block
 * up to the backend's request timeout. Thread-safe.
 */
public interface Ha4jNode extends AutoCloseable {

  /** This node's id. */
  String nodeId();

  /** The timing this node runs with. */
  Timing timing();

  /** Joins the cluster: probes local resources, then executes the controller's actions. Idempotent. */
  void start();

  /**
   * Leaves the cluster: stops every local resource (in reverse start order, each within its stop
   * timeout), then closes the coordinator if this node created it. Idempotent; never throws.
   */
  @Override
  void close();

  /** True while this node is the controller (its leadership deadline has not passed). */
  boolean isLeader();

  /** The controller's node as last observed; empty while there is none or without quorum. */
  Optional<String> currentLeader();

  /** The highest epoch this node has observed. */
  long epoch();

  /** The configuration as last read from the store. */
  ClusterConfig config();

  /** A snapshot of the cluster as this node sees it (reads the store). */
  ClusterStatus status();

  /**
   * Per-node allocation scores of a resource and where the scheduler places it, computed now from
   * the stored configuration and state.
   *
   * @throws IllegalArgumentException if no such resource is configured
   */
  Explanation explain(String resource);

  /** Adds a listener (events from now on). */
  void addListener(Ha4jListener listener);

  // ---- admin operations ----

  /**
   * Changes the stored configuration with compare-and-set, retrying on conflicts; the result must be
   * valid. Returns the stored configuration.
   *
   * @throws Ha4jConfigException if the change makes the configuration invalid
   */
  ClusterConfig updateConfig(UnaryOperator<ClusterConfig> change);

  /**
   * Moves a resource to a node: a location constraint {@code cli-prefer-<rsc>} with score
   * INFINITY, replacing an earlier one; with a lifetime it stops counting after that.
   *
   * @param lifetime how long the preference lasts, or {@code null} for until {@link #clear}
   */
  void move(String resource, String node, Duration lifetime);

  /** Bans a resource from a node: {@code cli-ban-<rsc>-on-<node>} with -INFINITY (lifetime may be null). */
  void ban(String resource, String node, Duration lifetime);

  /** Removes every move/ban constraint of a resource. */
  void clear(String resource);

  /** Puts a node in standby (it runs nothing) or takes it out. */
  void standby(String node, boolean standby);

  /** Puts a node in maintenance (its resources are left alone) or takes it out. */
  void nodeMaintenance(String node, boolean maintenance);

  /** Cluster-wide maintenance mode: nothing is started, stopped or recovered. */
  void maintenance(boolean maintenance);

  /** Sets target-role Started. */
  void enable(String resource);

  /** Sets target-role Stopped: the resource stops and stays stopped. */
  void disable(String resource);

  /** Lets the cluster manage the resource again ({@code is-managed=true}). */
  void manage(String resource);

  /** Leaves the resource as it is: the cluster neither starts, stops nor recovers it. */
  void unmanage(String resource);

  /** Forgets a resource's failures (fail counts and failed operations) everywhere and probes it again. */
  void cleanup(String resource);
}
