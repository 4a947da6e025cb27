package io.ha4j.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an agent accepts and how long its operations take by default (the equivalent of an OCF
 * agent's meta-data XML). The runtime validates a primitive's parameters against it before anything
 * runs, and uses the default timeouts when the configuration names none.
 *
 * @param type the agent type string, e.g. {@code ha4j:vip} or {@code ocf:heartbeat:IPaddr2}
 * @param description one line on what the agent manages
 * @param parameters the parameters it accepts
 * @param defaultTimeouts default timeout per operation name ({@code start}, {@code stop}, {@code monitor})
 */
public record AgentMetadata(String type, String description, List<Parameter> parameters,
    Map<String, Duration> defaultTimeouts) {

  /** Copies the collections. */
  public AgentMetadata {
    parameters = List.copyOf(parameters);
    defaultTimeouts = Map.copyOf(defaultTimeouts);
  }

  /**
   * One parameter an agent accepts.
   *
   * @param name the parameter's name
   * @param required whether it must be set
   * @param defaultValue its default, or {@code null}
   * @param description what it means
   */
  public record Parameter(String name, boolean required, String defaultValue, String description) {}
}
