package io.ha4j.guard;

import java.util.Optional;

/** What the guard does to the JVM when the lease ends or the pipe closes without a goodbye. */
public enum GuardMode {
  /**
   * Kill the JVM with SIGKILL, then release its external resources: a paused JVM never resumes as a
   * stale owner. The default (DESIGN.md, Decisions).
   */
  KILL_JVM("kill-jvm"),
  /**
   * Release the external resources and leave the JVM alone: when it resumes it finds its guard gone
   * ({@link GuardException} on the next call) and must treat itself as fenced.
   */
  RELEASE_ONLY("release-only");

  private final String protocolName;

  GuardMode(String protocolName) {
    this.protocolName = protocolName;
  }

  /** The name on the wire: {@code kill-jvm} or {@code release-only}. */
  public String protocolName() {
    return protocolName;
  }

  /** The mode with this wire name, or empty. */
  static Optional<GuardMode> fromProtocolName(String name) {
    for (GuardMode m : values()) {
      if (m.protocolName.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
