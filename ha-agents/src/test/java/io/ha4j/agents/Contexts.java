package io.ha4j.agents;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.Ha4jClock;
import java.time.Duration;
import java.util.Map;

/** Agent contexts for tests, on the system clock. */
final class Contexts {

  private Contexts() {}

  static AgentContext of(String resource, String operation, Map<String, String> params, Duration timeout) {
    Ha4jClock clock = Ha4jClock.system();
    return new AgentContext(resource, operation, params, "node-test", 7, timeout,
        clock.monotonicNanos() + timeout.toNanos(), clock);
  }

  static AgentContext of(String resource, String operation, Map<String, String> params) {
    return of(resource, operation, params, Duration.ofSeconds(20));
  }
}
