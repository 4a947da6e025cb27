package io.ha4j;

import io.ha4j.runtime.CoordinatorAdmin;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.Ha4jClock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Administration of a running cluster from outside it: the status view and the admin operations of
 * {@link Ha4jNode}, over a {@link Coordinator} that need not be a cluster node (a command-line tool,
 * an operations console). Every change is a compare-and-set of the stored configuration with retry,
 * exactly what a node's own admin operations do, so the cluster's nodes pick it up as if one of them
 * had made it.
 *
 * <pre>{@code
 * try (RaftClusterClient client = RaftClusterClient.connect(clientConfig)) {
 *   Ha4jAdmin admin = Ha4jAdmin.connect(client);
 *   admin.move("WebGroup", "node2", Duration.ofMinutes(30));
 *   System.out.println(admin.status().resource("WebService").flatMap(r -> r.node()));
 * }
 * }</pre>
 *
 * <p>Calls block up to the coordinator's request timeout and throw {@link
 * io.ha4j.spi.CoordinatorException} when the quorum does not answer. The caller owns the coordinator
 * (closing it ends this admin). Thread-safe.
 */
public interface Ha4jAdmin {

  /** Admin over {@code coordinator}, with the system clock for expiries of move/ban constraints. */
  static Ha4jAdmin connect(Coordinator coordinator) {
    return connect(coordinator, Ha4jClock.system());
  }

  /** Admin over {@code coordinator}; {@code clock} gives "now" for expiries and the status view. */
  static Ha4jAdmin connect(Coordinator coordinator, Ha4jClock clock) {
    return new CoordinatorAdmin(coordinator, clock);
  }

  /** The configuration as stored (the store's JSON form, format 1), for export and backups. */
  static String toJson(ClusterConfig config) {
    return CoordinatorAdmin.toJson(config);
  }

  /**
   * Reads the JSON written by {@link #toJson}.
   *
   * @throws IllegalArgumentException when the text is not such a configuration
   */
  static ClusterConfig fromJson(String json) {
    return CoordinatorAdmin.fromJson(json);
  }

  /** The stored configuration; empty while the cluster has stored none yet. */
  Optional<ClusterConfig> storedConfig();

  /**
   * A snapshot of the cluster (reads the store): nodes, quorum, leader and epoch, resources, fail
   * counts, failed actions, move/ban constraints. {@link ClusterStatus#reportedBy()} is the
   * coordinator's node id.
   *
   * @throws IllegalStateException when no configuration is stored yet
   */
  ClusterStatus status();

  /**
   * Allocation scores and placement of a resource, computed now from the stored state.
   *
   * @throws IllegalArgumentException if no such resource is configured
   */
  Explanation explain(String resource);

  /**
   * Changes the stored configuration with compare-and-set, retrying on conflicts; the result must be
   * valid. Returns the stored configuration (with its new version).
   *
   * @throws Ha4jConfigException if the change makes the configuration invalid
   * @throws Ha4jException when no configuration is stored yet
   */
  ClusterConfig updateConfig(UnaryOperator<ClusterConfig> change);

  /**
   * Stores {@code config} as the whole configuration (an import): its version becomes the stored
   * one + 1, or stays as given (at least 1) when nothing is stored yet.
   *
   * @throws Ha4jConfigException if {@code config} is invalid
   */
  ClusterConfig replaceConfig(ClusterConfig config);

  /** As {@link Ha4jNode#move}: {@code cli-prefer-<rsc>} at INFINITY; {@code lifetime} may be null. */
  void move(String resource, String node, Duration lifetime);

  /** As {@link Ha4jNode#ban}: {@code cli-ban-<rsc>-on-<node>} at -INFINITY; {@code lifetime} may be null. */
  void ban(String resource, String node, Duration lifetime);

  /** As {@link Ha4jNode#clear}: removes every move/ban constraint of the resource. */
  void clear(String resource);

  /** As {@link Ha4jNode#standby}. */
  void standby(String node, boolean standby);

  /** As {@link Ha4jNode#nodeMaintenance}. */
  void nodeMaintenance(String node, boolean maintenance);

  /** As {@link Ha4jNode#maintenance}: cluster-wide maintenance mode. */
  void maintenance(boolean maintenance);

  /** As {@link Ha4jNode#enable}: target-role Started. */
  void enable(String resource);

  /** As {@link Ha4jNode#disable}: target-role Stopped. */
  void disable(String resource);

  /** As {@link Ha4jNode#manage}. */
  void manage(String resource);

  /** As {@link Ha4jNode#unmanage}. */
  void unmanage(String resource);

  /** As {@link Ha4jNode#cleanup}: forgets the resource's failures everywhere and probes it again. */
  void cleanup(String resource);
}
