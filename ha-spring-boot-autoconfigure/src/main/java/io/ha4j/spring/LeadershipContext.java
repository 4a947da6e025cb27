package io.ha4j.spring;

import java.util.Optional;

/**
 * This node's view of the cluster's leadership, for leader-only code: inject it and ask. Answers
 * come from the node itself (its leadership deadline and the highest epoch it has seen), never from
 * events, so they are the truth at the moment of the call.
 */
public interface LeadershipContext {

  /** This node's id. */
  String nodeId();

  /** True while this node is the leader (its leadership deadline has not passed). */
  boolean isLeader();

  /** The leader's node as last observed; empty while there is none or without quorum. */
  Optional<String> currentLeader();

  /**
   * The highest epoch this node has observed: the fencing token of the current leadership. Hand it
   * to downstream systems so that they can reject a deposed leader's late writes.
   */
  long epoch();
}
