package io.ha4j;

import io.ha4j.spi.SessionTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How fast a node detects failures and how much safety margin it keeps, derived from one budget: the
 * session lease. Use a preset ({@link #LAN_FAST}, {@link #DEFAULT}, {@link #WAN}) or {@link
 * #ofLease(Duration)}; the session part ({@link #session()}) is what the coordination backend should
 * be configured with (the presets match {@code ha-raft}'s {@code RaftTiming} presets of the same
 * name).
 *
 * <p>Guarantee: a node that cannot renew its session starts stopping its resources {@code
 * selfFenceLead} before its local deadline ({@code sentAt + lease - margin}) and halts if they are
 * not stopped {@code margin / 2} after it; the controller recovers a lost node's resources only
 * {@code fenceDelay} after the coordination service ended that node's session (which is never
 * before {@code sentAt + lease}). So without a fencing agent the two never overlap as long as the
 * two clocks' rates differ by less than the margin.
 *
 * @param name the preset's name, for logs
 * @param session heartbeat, lease and margin of the node's session
 * @param fenceDelay how long the controller waits after a holder's session ended before it treats
 *     the holder as fenced (watchdog fencing)
 * @param selfFenceLead how long before its local deadline a node that cannot renew starts stopping
 *     its resources
 * @param defaultOperationTimeout the timeout of an operation that neither the configuration nor the
 *     agent's metadata names
 * @param rescheduleDelay how long the controller coalesces bursts of changes before scheduling
 */
public record Timing(
    String name,
    SessionTiming session,
    Duration fenceDelay,
    Duration selfFenceLead,
    Duration defaultOperationTimeout,
    Duration rescheduleDelay) {

  /** One rack, loopback: heartbeat 100 ms, lease 400 ms, margin 100 ms. */
  public static final Timing LAN_FAST = new Timing("LAN_FAST",
      new SessionTiming(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(100)),
      Duration.ofMillis(100), Duration.ofMillis(100), Operation.DEFAULT_TIMEOUT, Duration.ofMillis(5));

  /** The default: heartbeat 500 ms, lease 3 s, margin 500 ms. */
  public static final Timing DEFAULT = new Timing("DEFAULT",
      new SessionTiming(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(500)),
      Duration.ofMillis(500), Duration.ofMillis(750), Operation.DEFAULT_TIMEOUT, Duration.ofMillis(20));

  /** Across data centres: heartbeat 2 s, lease 15 s, margin 3 s. */
  public static final Timing WAN = new Timing("WAN",
      new SessionTiming(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(3)),
      Duration.ofSeconds(3), Duration.ofSeconds(4), Operation.DEFAULT_TIMEOUT, Duration.ofMillis(50));

  /** Checks every value; see {@link #violations()}. */
  public Timing {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(fenceDelay, "fenceDelay");
    Objects.requireNonNull(selfFenceLead, "selfFenceLead");
    Objects.requireNonNull(defaultOperationTimeout, "defaultOperationTimeout");
    Objects.requireNonNull(rescheduleDelay, "rescheduleDelay");
  }

  /**
   * Timing derived from a lease and a margin: heartbeat = (lease - margin) / 3, fence delay =
   * self-fence lead = margin.
   */
  public static Timing ofLease(String name, Duration lease, Duration margin) {
    Duration heartbeat = lease.minus(margin).dividedBy(3);
    return new Timing(name, new SessionTiming(heartbeat, lease, margin), margin, margin,
        Operation.DEFAULT_TIMEOUT, Duration.ofMillis(lease.toMillis() >= 1000 ? 20 : 5));
  }

  /** Timing derived from a lease alone: margin = lease / 4, heartbeat = (lease - margin) / 3. */
  public static Timing ofLease(Duration lease) {
    return ofLease("lease=" + lease, lease, lease.dividedBy(4));
  }

  /** Every inconsistency, with paths under {@code timing.}; empty when consistent. */
  public List<ConfigViolation> violations() {
    List<ConfigViolation> out = new ArrayList<>();
    Duration usable = session.lease().minus(session.margin());
    if (fenceDelay.isNegative()) {
      out.add(new ConfigViolation("timing.fenceDelay", "must be >= 0, was " + fenceDelay));
    }
    if (selfFenceLead.isNegative() || selfFenceLead.compareTo(usable.minus(session.heartbeat())) >= 0) {
      out.add(new ConfigViolation("timing.selfFenceLead",
          "must be >= 0 and < lease - margin - heartbeat (" + usable.minus(session.heartbeat()) + "), was " + selfFenceLead));
    }
    if (defaultOperationTimeout.isNegative() || defaultOperationTimeout.isZero()) {
      out.add(new ConfigViolation("timing.defaultOperationTimeout", "must be > 0, was " + defaultOperationTimeout));
    }
    if (rescheduleDelay.isNegative()) {
      out.add(new ConfigViolation("timing.rescheduleDelay", "must be >= 0, was " + rescheduleDelay));
    }
    return out;
  }

  /**
   * The longest time from a holder's crash to the controller ordering the start elsewhere, agent
   * start times not included: the lease (the session must expire) + the fence delay + the
   * reschedule delay + one heartbeat for the controller to see the change. Add the coordination
   * backend's own election time when the holder was also its leader.
   */
  public Duration worstCaseFailover() {
    return session.lease().plus(fenceDelay).plus(rescheduleDelay).plus(session.heartbeat());
  }

  /** Time a node has to stop its resources once it stops being able to renew. */
  public Duration selfFenceBudget() {
    return selfFenceLead.plus(session.margin().dividedBy(2));
  }

  @Override
  public String toString() {
    return "Timing[" + name + ": heartbeat=" + session.heartbeat() + ", lease=" + session.lease()
        + ", margin=" + session.margin() + ", fenceDelay=" + fenceDelay + ", selfFenceLead=" + selfFenceLead
        + ", worstCaseFailover=" + worstCaseFailover() + " + agent start time]";
  }
}
