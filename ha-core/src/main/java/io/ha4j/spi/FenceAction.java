package io.ha4j.spi;

/** What a fencing agent is asked to do to a node. */
public enum FenceAction {
  /** Power the node off (the safe default: it cannot come back by itself). */
  OFF,
  /** Power the node on. */
  ON,
  /** Power-cycle the node. */
  REBOOT,
  /** Report whether the node is on. */
  STATUS
}
