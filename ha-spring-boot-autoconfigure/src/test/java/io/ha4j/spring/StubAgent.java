package io.ha4j.spring;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ResourceAgent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An agent of any type that accepts the given parameters and only remembers what runs. */
public class StubAgent implements ResourceAgent {
  private final AgentMetadata metadata;
  final Set<String> running = ConcurrentHashMap.newKeySet();

  public StubAgent(String type, String... parameters) {
    this.metadata = new AgentMetadata(type, "stub", Arrays.stream(parameters)
        .map(p -> new AgentMetadata.Parameter(p, false, null, p)).toList(), Map.of());
  }

  @Override
  public AgentMetadata metadata() {
    return metadata;
  }

  @Override
  public AgentResult start(AgentContext context) {
    running.add(context.resourceId());
    return AgentResult.success();
  }

  @Override
  public AgentResult stop(AgentContext context) {
    running.remove(context.resourceId());
    return AgentResult.success();
  }

  @Override
  public AgentResult monitor(AgentContext context) {
    return running.contains(context.resourceId()) ? AgentResult.success() : AgentResult.notRunning();
  }
}
