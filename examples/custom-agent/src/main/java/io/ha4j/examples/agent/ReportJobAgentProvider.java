package io.ha4j.examples.agent;

import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.ResourceAgentProvider;

/**
 * Makes {@link ReportJobAgent} discoverable: listed in {@code
 * META-INF/services/io.ha4j.spi.ResourceAgentProvider}, so a node finds type {@code app:job} without
 * {@code .agent(...)} (explicit registration still wins).
 */
public final class ReportJobAgentProvider implements ResourceAgentProvider {
  @Override
  public String type() {
    return ReportJobAgent.TYPE;
  }

  @Override
  public ResourceAgent agent() {
    return new ReportJobAgent();
  }
}
