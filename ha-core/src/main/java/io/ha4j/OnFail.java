package io.ha4j;

/** What to do when an operation fails (Pacemaker's {@code on-fail}). */
public enum OnFail {
  /** Stop the resource and start it again, here or elsewhere (the default). */
  RESTART,
  /** Stop the resource and leave it stopped. */
  STOP,
  /** Leave the resource as it is and take no further action on it. */
  BLOCK,
  /** Fence the node the failure happened on. */
  FENCE,
  /** Pretend the operation did not fail. */
  IGNORE
}
