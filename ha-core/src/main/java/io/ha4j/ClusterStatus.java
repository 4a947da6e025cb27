package io.ha4j;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A read-only snapshot of the cluster as one node sees it: the data behind a {@code pcs status}-like
 * view. Immutable; safe to log, serialize and render.
 *
 * @param at when the snapshot was taken (the reporting node's wall clock)
 * @param reportedBy the node that took it
 * @param quorate whether the reporting node's partition has quorum
 * @param leader the controller's node as last observed, or {@code null} when there is none
 * @param epoch the highest epoch the reporting node has observed
 * @param configVersion the stored configuration's version
 * @param maintenanceMode cluster-wide maintenance is on
 * @param nodes every configured node
 * @param resources every primitive, in configuration order
 * @param failCounts every fail count, with its expiry
 * @param failedActions the last failed operation of each resource on each node, until cleanup
 * @param constraints move/ban constraints made by admin operations ({@code cli-*}), with expiry
 */
public record ClusterStatus(
    Instant at,
    String reportedBy,
    boolean quorate,
    String leader,
    long epoch,
    long configVersion,
    boolean maintenanceMode,
    List<NodeInfo> nodes,
    List<ResourceInfo> resources,
    List<FailCountInfo> failCounts,
    List<FailedAction> failedActions,
    List<ConstraintInfo> constraints) {

  /** Copies the lists. */
  public ClusterStatus {
    nodes = List.copyOf(nodes);
    resources = List.copyOf(resources);
    failCounts = List.copyOf(failCounts);
    failedActions = List.copyOf(failedActions);
    constraints = List.copyOf(constraints);
  }

  /** The controller's node, if there is one. */
  public Optional<String> currentLeader() {
    return Optional.ofNullable(leader);
  }

  /** A primitive's line, if configured. */
  public Optional<ResourceInfo> resource(String id) {
    return resources.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** A node's line, if configured. */
  public Optional<NodeInfo> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /**
   * One node.
   *
   * @param name the node's name
   * @param status ONLINE (live member), OFFLINE, or UNCLEAN (lost while holding resources, not
   *     fenced yet)
   * @param standby in standby
   * @param maintenance in maintenance
   */
  public record NodeInfo(String name, NodeStatus status, boolean standby, boolean maintenance) {}

  /**
   * One primitive.
   *
   * @param id the primitive's id
   * @param group its group's id, or {@code null}
   * @param agent the agent type
   * @param activeOn the nodes where it is observed running (more than one is a problem)
   * @param failed its last operation failed somewhere and is not recovered yet
   * @param managed the cluster manages it ({@code is-managed} and no maintenance)
   * @param targetRole the administrator's wish
   */
  public record ResourceInfo(String id, String group, String agent, List<String> activeOn, boolean failed,
      boolean managed, TargetRole targetRole) {

    /** Copies the list. */
    public ResourceInfo {
      activeOn = List.copyOf(activeOn);
    }

    /** The node it runs on, when it runs on exactly one. */
    public Optional<String> node() {
      return activeOn.size() == 1 ? Optional.of(activeOn.get(0)) : Optional.empty();
    }

    /** STARTED when it runs somewhere, else STOPPED. */
    public ObservedRole role() {
      return activeOn.isEmpty() ? ObservedRole.STOPPED : ObservedRole.STARTED;
    }
  }

  /**
   * A fail count.
   *
   * @param resource the primitive
   * @param node the node
   * @param count failures, {@link Score#INFINITY} after a fatal start failure
   * @param lastFailure when it last failed
   * @param expires when the count is forgotten (failure-timeout), or {@code null} for never
   */
  public record FailCountInfo(String resource, String node, int count, Instant lastFailure, Instant expires) {}

  /**
   * A failed operation.
   *
   * @param resource the primitive
   * @param node where it ran
   * @param operation {@code start}, {@code stop}, {@code monitor} or {@code probe}
   * @param status the OCF status name (or {@code TIMEOUT})
   * @param message the agent's reason
   * @param at when it failed
   */
  public record FailedAction(String resource, String node, String operation, String status, String message,
      Instant at) {}

  /**
   * A constraint made by move or ban.
   *
   * @param id {@code cli-prefer-<rsc>} or {@code cli-ban-<rsc>-on-<node>}
   * @param resource the resource
   * @param node the node
   * @param score INFINITY (prefer) or -INFINITY (ban)
   * @param expires when it stops counting, or {@code null} for never
   */
  public record ConstraintInfo(String id, String resource, String node, int score, Instant expires) {}
}
