package io.ha4j.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node keeps its session alive, and how long it trusts its own leadership.
 *
 * <p>A node renews its session every {@code heartbeat}. The coordination authority (the in-memory
 * ensemble, or the Raft leader) ends a session that it has not seen renewed for {@code lease},
 * measured on its own monotonic clock from when it received the renewal. The node itself counts from
 * when it <em>sent</em> the last renewal that was confirmed, so its local deadline {@code sentAt +
 * lease - margin} always falls before the authority can end the session. The {@code margin} absorbs
 * clock-rate differences between the two processes and the time to stop local work.
 *
 * @param heartbeat how often a session is renewed
 * @param lease how long a session survives without a renewal
 * @param margin how much earlier than the lease a node considers itself expired
 */
public record SessionTiming(Duration heartbeat, Duration lease, Duration margin) {

  /** Checks that {@code 0 < heartbeat}, {@code 2 * heartbeat <= lease - margin} and {@code 0 <= margin}. */
  public SessionTiming {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(margin, "margin");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be > 0, was " + heartbeat);
    }
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin must be >= 0, was " + margin);
    }
    if (heartbeat.multipliedBy(2).compareTo(lease.minus(margin)) > 0) {
      throw new IllegalArgumentException(
          "2 * heartbeat must be <= lease - margin (so one lost renewal is survivable), was heartbeat="
              + heartbeat + " lease=" + lease + " margin=" + margin);
    }
  }

  /** Heartbeat 1 s, lease 5 s, margin 1 s. */
  public static SessionTiming defaults() {
    return new SessionTiming(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1));
  }
}
