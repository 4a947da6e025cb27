package io.ha4j;

/**
 * A node as observed right now.
 *
 * @param name the node's name
 * @param status membership status
 * @param standby the node is in standby (runs no resources); or-ed with the configured flag
 * @param maintenance the node is in maintenance; or-ed with the configured flag
 */
public record NodeState(String name, NodeStatus status, boolean standby, boolean maintenance) {

  /** An online node. */
  public static NodeState online(String name) {
    return new NodeState(name, NodeStatus.ONLINE, false, false);
  }

  /** A node with the given status. */
  public static NodeState of(String name, NodeStatus status) {
    return new NodeState(name, status, false, false);
  }
}
