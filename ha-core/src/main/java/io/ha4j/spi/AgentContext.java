package io.ha4j.spi;

import java.time.Duration;
import java.util.Map;

/**
 * Everything an agent operation may know: which resource, its parameters, where it runs, the
 * operation's timeout, and the epoch (fencing token) of the controller that ordered it, which agents
 * should hand to downstream systems so that they can reject a stale owner.
 *
 * <p>The runtime enforces the timeout (it interrupts the calling thread and, for child processes,
 * kills the process tree); an agent that polls should also stop when {@link #remaining()} is zero.
 *
 * @param resourceId the primitive's id
 * @param operation {@code start}, {@code stop}, {@code monitor} (with interval) or {@code probe}
 * @param parameters the primitive's parameters, validated against the agent's metadata
 * @param nodeId the node the operation runs on
 * @param epoch the fencing token of the controller that scheduled it; strictly increasing
 * @param timeout the operation's timeout
 * @param deadlineNanos the monotonic deadline ({@link Ha4jClock#monotonicNanos()} scale)
 * @param clock the node's clock
 */
public record AgentContext(
    String resourceId,
    String operation,
    Map<String, String> parameters,
    String nodeId,
    long epoch,
    Duration timeout,
    long deadlineNanos,
    Ha4jClock clock) {

  /** Copies the parameters. */
  public AgentContext {
    parameters = Map.copyOf(parameters);
  }

  /** A parameter's value, or {@code fallback} when not set. */
  public String param(String name, String fallback) {
    return parameters.getOrDefault(name, fallback);
  }

  /** Time left before the operation times out; never negative. */
  public Duration remaining() {
    long left = deadlineNanos - clock.monotonicNanos();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }
}
