package io.ha4j;

/** The root of every exception ha4j throws on purpose. Unchecked. */
public class Ha4jException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public Ha4jException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public Ha4jException(String message, Throwable cause) {
    super(message, cause);
  }
}
