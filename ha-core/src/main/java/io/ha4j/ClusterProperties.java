package io.ha4j;

/**
 * Cluster-wide options.
 *
 * @param symmetricCluster resources may run on every node unless a constraint says otherwise; when
 *     false, a resource runs only on nodes a location constraint allows (opt-in)
 * @param noQuorumPolicy what a partition without quorum does
 * @param stonithEnabled nodes that are lost uncleanly must be fenced before their resources are
 *     recovered elsewhere
 * @param watchdogFencing fencing by lease and guard (self-fencing) counts as a fencing device, like
 *     Pacemaker's sbd watchdog; when false, fencing needs a {@code stonith:} primitive
 * @param startFailureIsFatal a failed start sets the fail count on that node to INFINITY, banning
 *     the resource from it (the runtime records it; the scheduler only sees the fail count)
 * @param maintenanceMode nothing is started, stopped or recovered anywhere
 */
public record ClusterProperties(
    boolean symmetricCluster,
    NoQuorumPolicy noQuorumPolicy,
    boolean stonithEnabled,
    boolean watchdogFencing,
    boolean startFailureIsFatal,
    boolean maintenanceMode) {

  /** Pacemaker's defaults: symmetric, stop without quorum, stonith on, no watchdog. */
  public static final ClusterProperties PACEMAKER_DEFAULTS =
      new ClusterProperties(true, NoQuorumPolicy.STOP, true, false, true, false);

  /** ha4j's defaults: as Pacemaker, with fencing by lease + guard (watchdog) on. */
  public static final ClusterProperties HA4J_DEFAULTS =
      new ClusterProperties(true, NoQuorumPolicy.STOP, true, true, true, false);

  /** Returns a copy with {@code symmetricCluster} set. */
  public ClusterProperties withSymmetricCluster(boolean v) {
    return new ClusterProperties(v, noQuorumPolicy, stonithEnabled, watchdogFencing, startFailureIsFatal, maintenanceMode);
  }

  /** Returns a copy with {@code noQuorumPolicy} set. */
  public ClusterProperties withNoQuorumPolicy(NoQuorumPolicy v) {
    return new ClusterProperties(symmetricCluster, v, stonithEnabled, watchdogFencing, startFailureIsFatal, maintenanceMode);
  }

  /** Returns a copy with {@code stonithEnabled} set. */
  public ClusterProperties withStonithEnabled(boolean v) {
    return new ClusterProperties(symmetricCluster, noQuorumPolicy, v, watchdogFencing, startFailureIsFatal, maintenanceMode);
  }

  /** Returns a copy with {@code watchdogFencing} set. */
  public ClusterProperties withWatchdogFencing(boolean v) {
    return new ClusterProperties(symmetricCluster, noQuorumPolicy, stonithEnabled, v, startFailureIsFatal, maintenanceMode);
  }

  /** Returns a copy with {@code startFailureIsFatal} set. */
  public ClusterProperties withStartFailureIsFatal(boolean v) {
    return new ClusterProperties(symmetricCluster, noQuorumPolicy, stonithEnabled, watchdogFencing, v, maintenanceMode);
  }

  /** Returns a copy with {@code maintenanceMode} set. */
  public ClusterProperties withMaintenanceMode(boolean v) {
    return new ClusterProperties(symmetricCluster, noQuorumPolicy, stonithEnabled, watchdogFencing, startFailureIsFatal, v);
  }
}
