package io.ha4j;

import java.time.Instant;

/**
 * What is known of one primitive on one node.
 *
 * <p>A failure ({@code failed}) makes the resource count as active on the node and in need of
 * recovery, unless it has expired: with a {@code failure-timeout} T, a failure at {@code failedAt}
 * is ignored once {@code failedAt + T <= now} and no fail count remains, and {@code role} then says
 * what the resource was before.
 *
 * @param resource the primitive's id
 * @param node the node's name
 * @param role the role the last successful operations show
 * @param failed the last relevant operation failed (the resource needs recovery there)
 * @param failedAt when that failure happened, or {@code null}
 * @param stopFailed a stop failed: the resource may still run, and the node needs fencing or the
 *     resource stays blocked
 * @param banned a hard error (not installed, not configured) bans the resource from this node
 */
public record ResourceNodeState(
    String resource,
    String node,
    ObservedRole role,
    boolean failed,
    Instant failedAt,
    boolean stopFailed,
    boolean banned) {

  /** The resource runs healthily on the node. */
  public static ResourceNodeState started(String resource, String node) {
    return new ResourceNodeState(resource, node, ObservedRole.STARTED, false, null, false, false);
  }

  /** The resource runs on the node and failed at {@code at}. */
  public static ResourceNodeState failed(String resource, String node, Instant at) {
    return new ResourceNodeState(resource, node, ObservedRole.STARTED, true, at, false, false);
  }
}
