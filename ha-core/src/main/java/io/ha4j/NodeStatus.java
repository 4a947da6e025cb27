package io.ha4j;

/** Whether a node is a member of the cluster right now. */
public enum NodeStatus {
  /** A live member that can run resources (unless in standby or maintenance). */
  ONLINE,
  /** Left the cluster cleanly: it runs nothing. */
  OFFLINE,
  /** Lost without a clean shutdown: what it ran is unknown until it is fenced or its lease ends. */
  UNCLEAN,
  /** Joining, not yet a full member: it runs nothing yet. */
  PENDING
}
