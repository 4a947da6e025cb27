package io.ha4j.spi;

import io.ha4j.ConfigViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The default parameter check of {@link ResourceAgent#validate}: required present, no unknown names. */
public final class AgentParameters {

  private AgentParameters() {}

  /** Every required parameter missing and every name the metadata does not know. */
  public static List<ConfigViolation> check(AgentMetadata metadata, Map<String, String> parameters) {
    List<ConfigViolation> out = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (AgentMetadata.Parameter p : metadata.parameters()) {
      known.add(p.name());
      if (p.required() && (parameters.get(p.name()) == null || parameters.get(p.name()).isBlank())) {
        out.add(new ConfigViolation("parameters[" + p.name() + "]",
            "required by " + metadata.type() + ": " + p.description()));
      }
    }
    for (String name : parameters.keySet()) {
      if (!known.contains(name)) {
        out.add(new ConfigViolation("parameters[" + name + "]",
            "unknown parameter for " + metadata.type() + " (known: " + String.join(", ", known) + ")"));
      }
    }
    return out;
  }
}
