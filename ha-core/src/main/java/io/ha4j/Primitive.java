package io.ha4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single resource run by one resource agent.
 *
 * <p>The agent is named by a type string: {@code ocf:heartbeat:IPaddr2} (an OCF script),
 * {@code stonith:fence_ipmilan} (a fencing device), or an ha4j agent such as {@code ha4j:vip}.
 * Immutable; use {@link #builder(String, String)} to make one.
 *
 * @param id unique id
 * @param agent the agent type string
 * @param parameters the agent's parameters (instance attributes), in declaration order
 * @param operations start/stop/monitor operations
 * @param meta meta attributes set on this primitive
 */
public record Primitive(
    String id,
    String agent,
    Map<String, String> parameters,
    List<Operation> operations,
    ResourceMeta meta) implements Resource {

  /** Copies the collections, turning {@code null} into empty ones (validation reports the rest). */
  public Primitive {
    parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    operations = operations == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(operations));
    meta = meta == null ? ResourceMeta.EMPTY : meta;
  }

  /** Whether this primitive is a fencing device ({@code stonith:} class). */
  public boolean isFencingDevice() {
    return agent != null && agent.startsWith("stonith:");
  }

  /** Starts a builder for a primitive with the given id and agent type. */
  public static Builder builder(String id, String agent) {
    return new Builder(id, agent);
  }

  /** Builds a {@link Primitive}. Not thread-safe; reusable. */
  public static final class Builder {
    private final String id;
    private final String agent;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private ResourceMeta meta = ResourceMeta.EMPTY;

    private Builder(String id, String agent) {
      this.id = id;
      this.agent = agent;
    }

    /** Sets an agent parameter. */
    public Builder param(String name, String value) {
      parameters.put(name, value);
      return this;
    }

    /** Adds an operation. */
    public Builder operation(Operation op) {
      operations.add(op);
      return this;
    }

    /** Adds a recurring monitor. */
    public Builder monitor(Duration interval, Duration timeout) {
      return operation(Operation.monitor(interval, timeout));
    }

    /** Sets {@code resource-stickiness}. */
    public Builder stickiness(int score) {
      meta = meta.withStickiness(score);
      return this;
    }

    /** Sets {@code migration-threshold} (0 = never move because of failures). */
    public Builder migrationThreshold(int failures) {
      meta = meta.withMigrationThreshold(failures);
      return this;
    }

    /** Sets {@code failure-timeout}. */
    public Builder failureTimeout(Duration timeout) {
      meta = meta.withFailureTimeout(timeout);
      return this;
    }

    /** Sets {@code target-role}. */
    public Builder targetRole(TargetRole role) {
      meta = meta.withTargetRole(role);
      return this;
    }

    /** Sets {@code is-managed}. */
    public Builder managed(boolean managed) {
      meta = meta.withManaged(managed);
      return this;
    }

    /** Sets {@code priority}. */
    public Builder priority(int priority) {
      meta = meta.withPriority(priority);
      return this;
    }

    /** Replaces all meta attributes. */
    public Builder meta(ResourceMeta meta) {
      this.meta = meta;
      return this;
    }

    /** Returns the primitive. Validation happens when the whole configuration is built. */
    public Primitive build() {
      return new Primitive(id, agent, parameters, operations, meta);
    }
  }
}
