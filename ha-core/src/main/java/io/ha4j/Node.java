package io.ha4j;

/**
 * A cluster node as configured.
 *
 * @param name the node's name, unique in the cluster
 * @param standby the administrator put the node in standby: it runs no resources
 * @param maintenance the node is in maintenance: resources on it are neither started, stopped nor
 *     monitored by the cluster
 */
public record Node(String name, boolean standby, boolean maintenance) {

  /** An ordinary node. */
  public static Node of(String name) {
    return new Node(name, false, false);
  }
}
