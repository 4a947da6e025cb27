package io.ha4j.spi;

import io.ha4j.ConfigViolation;
import java.util.List;

/**
 * Starts, stops and monitors one kind of resource (a virtual IP, a process, a Spring bean...).
 *
 * <p>One instance serves every resource of its type: all per-resource data comes in the
 * {@link AgentContext}. Implementations must be thread-safe, and {@code start} and {@code stop} must
 * be idempotent: starting a running resource and stopping a stopped one succeed. The methods may
 * throw; the runtime turns an exception into {@link OcfStatus#GENERIC_ERROR} and never lets it skip
 * a stop or a report.
 *
 * <p>Register an agent explicitly with the node builder, or publish a {@link ResourceAgentProvider}
 * through {@link java.util.ServiceLoader}; explicit registration wins.
 */
public interface ResourceAgent {

  /** What this agent accepts. */
  AgentMetadata metadata();

  /**
   * Checks a primitive's parameters before anything runs; returns every problem with its path
   * relative to the primitive (e.g. {@code parameters[ip]}). The default checks required
   * parameters and unknown names against {@link #metadata()}.
   */
  default List<ConfigViolation> validate(java.util.Map<String, String> parameters) {
    return AgentParameters.check(metadata(), parameters);
  }

  /** Starts the resource here. */
  AgentResult start(AgentContext context) throws Exception;

  /** Stops the resource here; must succeed when it is already stopped. */
  AgentResult stop(AgentContext context) throws Exception;

  /**
   * Tells whether the resource runs here: {@link OcfStatus#SUCCESS} when it runs healthily,
   * {@link OcfStatus#NOT_RUNNING} when it is cleanly stopped, an error otherwise. Also used as the
   * probe on start-up ({@code operation} is then {@code probe}).
   */
  AgentResult monitor(AgentContext context) throws Exception;
}
