package io.ha4j;

import java.time.Duration;

/**
 * Meta attributes of a resource, or the cluster's resource defaults (Pacemaker's {@code rsc_defaults}).
 *
 * <p>Every field may be {@code null}, meaning "not set here": the value is then looked up, in order,
 * on the parent group, in the cluster's {@link ClusterConfig#resourceDefaults() resource defaults},
 * and finally in {@link #BUILT_IN} (Pacemaker's own defaults). Immutable and thread-safe.
 *
 * @param stickiness preference for staying where the resource runs ({@code resource-stickiness})
 * @param migrationThreshold failures on a node before the resource is banned from it; 0 = never
 * @param failureTimeout how long after the last failure a fail count is forgotten; zero = never
 * @param targetRole the administrator's wish: started or stopped
 * @param managed whether the cluster may start, stop or recover the resource ({@code is-managed})
 * @param priority which resources are placed first when not all can run
 */
public record ResourceMeta(
    Integer stickiness,
    Integer migrationThreshold,
    Duration failureTimeout,
    TargetRole targetRole,
    Boolean managed,
    Integer priority) {

  /** Nothing set. */
  public static final ResourceMeta EMPTY = new ResourceMeta(null, null, null, null, null, null);

  /** Pacemaker's built-in defaults, the last step of every look-up. */
  public static final ResourceMeta BUILT_IN =
      new ResourceMeta(0, Score.INFINITY, Duration.ZERO, TargetRole.STARTED, true, 0);

  /**
   * ha4j's own resource defaults for clusters built with its API: stickiness 100 (do not move back
   * needlessly), everything else as Pacemaker. An imported CIB uses only its own {@code rsc_defaults}.
   */
  public static final ResourceMeta HA4J_DEFAULTS =
      new ResourceMeta(100, null, null, null, null, null);

  /** Returns a copy with {@code stickiness} set. */
  public ResourceMeta withStickiness(Integer value) {
    return new ResourceMeta(value, migrationThreshold, failureTimeout, targetRole, managed, priority);
  }

  /** Returns a copy with {@code migrationThreshold} set. */
  public ResourceMeta withMigrationThreshold(Integer value) {
    return new ResourceMeta(stickiness, value, failureTimeout, targetRole, managed, priority);
  }

  /** Returns a copy with {@code failureTimeout} set. */
  public ResourceMeta withFailureTimeout(Duration value) {
    return new ResourceMeta(stickiness, migrationThreshold, value, targetRole, managed, priority);
  }

  /** Returns a copy with {@code targetRole} set. */
  public ResourceMeta withTargetRole(TargetRole value) {
    return new ResourceMeta(stickiness, migrationThreshold, failureTimeout, value, managed, priority);
  }

  /** Returns a copy with {@code managed} set. */
  public ResourceMeta withManaged(Boolean value) {
    return new ResourceMeta(stickiness, migrationThreshold, failureTimeout, targetRole, value, priority);
  }

  /** Returns a copy with {@code priority} set. */
  public ResourceMeta withPriority(Integer value) {
    return new ResourceMeta(stickiness, migrationThreshold, failureTimeout, targetRole, managed, value);
  }

  /** Fills every unset field of this from {@code fallback}. */
  public ResourceMeta orElse(ResourceMeta fallback) {
    return new ResourceMeta(
        stickiness != null ? stickiness : fallback.stickiness,
        migrationThreshold != null ? migrationThreshold : fallback.migrationThreshold,
        failureTimeout != null ? failureTimeout : fallback.failureTimeout,
        targetRole != null ? targetRole : fallback.targetRole,
        managed != null ? managed : fallback.managed,
        priority != null ? priority : fallback.priority);
  }
}
