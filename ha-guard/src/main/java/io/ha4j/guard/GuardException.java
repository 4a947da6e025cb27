package io.ha4j.guard;

/**
 * The guard refused a command, did not answer in time, or is gone. A node that gets this from
 * {@link GuardClient#lease} or {@link GuardClient#hold} no longer has its lease enforced and must
 * behave as fenced: stop its external resources and start a new guard before holding any again.
 */
public final class GuardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message saying what failed. */
  public GuardException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public GuardException(String message, Throwable cause) {
    super(message, cause);
  }
}
