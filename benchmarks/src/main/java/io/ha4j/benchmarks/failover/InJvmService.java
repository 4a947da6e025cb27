package io.ha4j.benchmarks.failover;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ResourceAgent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bench:service}: an in-JVM service that starts and stops at once (the seed's web service
 * without its own start time, so that failover times are the runtime's own). Dies with the JVM.
 */
final class InJvmService implements ResourceAgent {
  static final String TYPE = "bench:service";

  private final Set<String> running = ConcurrentHashMap.newKeySet();

  @Override
  public AgentMetadata metadata() {
    return new AgentMetadata(TYPE, "an in-JVM service for the benchmarks", List.of(), Map.of());
  }

  @Override
  public AgentResult start(AgentContext c) {
    running.add(c.resourceId());
    return AgentResult.success();
  }

  @Override
  public AgentResult stop(AgentContext c) {
    running.remove(c.resourceId());
    return AgentResult.success();
  }

  @Override
  public AgentResult monitor(AgentContext c) {
    return running.contains(c.resourceId()) ? AgentResult.success() : AgentResult.notRunning();
  }
}
