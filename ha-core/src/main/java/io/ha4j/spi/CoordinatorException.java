package io.ha4j.spi;

import io.ha4j.Ha4jException;

/**
 * A coordination operation did not complete: no quorum was reachable in time, the coordinator is
 * closed, or the backend failed. The operation may or may not have taken effect (a write that timed
 * out can still commit later); re-read before retrying a non-idempotent change.
 */
public class CoordinatorException extends Ha4jException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public CoordinatorException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public CoordinatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
