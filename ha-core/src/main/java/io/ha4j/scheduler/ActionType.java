package io.ha4j.scheduler;

/** What a {@link PlannedAction} does. */
public enum ActionType {
  /** Start a primitive on a node. */
  START,
  /** Stop a primitive on a node. */
  STOP,
  /** Fence (power off or reboot) a node. */
  FENCE
}
