package io.ha4j;

/** What a partition without quorum does with its resources (Pacemaker's {@code no-quorum-policy}). */
public enum NoQuorumPolicy {
  /** Stop every resource in the partition (ha4j's default, and the safe choice). */
  STOP,
  /** Keep running what runs, but start nothing new. */
  FREEZE,
  /** Carry on as if quorum were present (only for clusters that cannot lose it, or tests). */
  IGNORE
}
