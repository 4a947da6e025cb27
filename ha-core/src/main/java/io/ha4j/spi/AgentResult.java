package io.ha4j.spi;

/**
 * What one agent operation returned: an {@link OcfStatus} and a short human-readable reason.
 *
 * @param status the outcome
 * @param message why, for logs and status output; empty when there is nothing to say
 */
public record AgentResult(OcfStatus status, String message) {

  /** Normalizes a null message to empty. */
  public AgentResult {
    if (status == null) {
      throw new IllegalArgumentException("status must not be null");
    }
    message = message == null ? "" : message;
  }

  /** Success. */
  public static AgentResult success() {
    return new AgentResult(OcfStatus.SUCCESS, "");
  }

  /** Cleanly not running (monitor). */
  public static AgentResult notRunning() {
    return new AgentResult(OcfStatus.NOT_RUNNING, "");
  }

  /** A generic failure with a reason. */
  public static AgentResult failed(String message) {
    return new AgentResult(OcfStatus.GENERIC_ERROR, message);
  }

  /** A result with the given status and reason. */
  public static AgentResult of(OcfStatus status, String message) {
    return new AgentResult(status, message);
  }

  /** Whether the status is {@link OcfStatus#SUCCESS}. */
  public boolean isSuccess() {
    return status == OcfStatus.SUCCESS;
  }
}
