package io.ha4j.raft;

import io.ha4j.spi.SessionTiming;
import java.time.Duration;

/**
 * Timing presets for the embedded Raft coordinator. One choice sets the Raft election timeout, the
 * session heartbeat/lease/margin and the request timeout consistently; faster presets fail over
 * sooner and cost more idle CPU (measured figures are in the module README).
 *
 * <p>Worst-case time for a new leader after the old one's process dies ≈ {@code lease} (its session
 * must expire) plus, if it was also the Raft leader, one election ({@code electionMax}).
 */
public enum RaftTiming {
  /** Loopback / one rack: election 150–300 ms, heartbeat 100 ms, lease 400 ms, margin 100 ms. */
  LAN_FAST(ms(150), ms(300), new SessionTiming(ms(100), ms(400), ms(100)), ms(2_000)),
  /** The default: election 500–1000 ms, heartbeat 500 ms, lease 3 s, margin 500 ms. */
  DEFAULT(ms(500), ms(1_000), new SessionTiming(ms(500), ms(3_000), ms(500)), ms(5_000)),
  /** Across data centres: election 2–4 s, heartbeat 2 s, lease 15 s, margin 3 s. */
  WAN(ms(2_000), ms(4_000), new SessionTiming(ms(2_000), ms(15_000), ms(3_000)), ms(20_000));

  private final Duration electionMin;
  private final Duration electionMax;
  private final SessionTiming session;
  private final Duration requestTimeout;

  RaftTiming(Duration electionMin, Duration electionMax, SessionTiming session, Duration requestTimeout) {
    this.electionMin = electionMin;
    this.electionMax = electionMax;
    this.session = session;
    this.requestTimeout = requestTimeout;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Lower bound of the randomized Raft election timeout. */
  public Duration electionMin() {
    return electionMin;
  }

  /** Upper bound of the randomized Raft election timeout. */
  public Duration electionMax() {
    return electionMax;
  }

  /** Session heartbeat, lease and margin. */
  public SessionTiming session() {
    return session;
  }

  /** How long a key-value operation waits for the quorum before failing. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Worst-case time from a leader's death to the next grant: lease + one election. */
  public Duration worstCaseFailover() {
    return session.lease().plus(electionMax);
  }
}
