package io.ha4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the cluster observes right now: quorum, each node's status, each primitive's state on each
 * node, and fail counts. Immutable and thread-safe.
 *
 * @param quorate whether this partition has quorum
 * @param nodes node states by name; a configured node missing here is treated as offline
 * @param resources per-primitive, per-node observations; a missing pair means "not running there"
 * @param failCounts fail counts per primitive and node
 */
public record ClusterState(
    boolean quorate,
    Map<String, NodeState> nodes,
    List<ResourceNodeState> resources,
    List<FailCount> failCounts) {

  /** Copies the collections, turning {@code null} into empty ones. */
  public ClusterState {
    nodes = nodes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    resources = resources == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(resources));
    failCounts = failCounts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(failCounts));
  }

  /** The state of a node, if observed. */
  public Optional<NodeState> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** A builder for a state with quorum and nothing observed yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of this state. */
  public Builder toBuilder() {
    Builder b = new Builder().quorate(quorate);
    b.nodes.putAll(nodes);
    b.resources.addAll(resources);
    b.failCounts.addAll(failCounts);
    return b;
  }

  /** Builds a {@link ClusterState}. Not thread-safe; reusable. */
  public static final class Builder {
    private boolean quorate = true;
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final List<ResourceNodeState> resources = new ArrayList<>();
    private final List<FailCount> failCounts = new ArrayList<>();

    private Builder() {}

    /** Sets whether the partition has quorum (default true). */
    public Builder quorate(boolean quorate) {
      this.quorate = quorate;
      return this;
    }

    /** Adds or replaces a node's state. */
    public Builder node(NodeState node) {
      nodes.put(node.name(), node);
      return this;
    }

    /** Marks these nodes online. */
    public Builder online(String... names) {
      for (String name : names) {
        node(NodeState.online(name));
      }
      return this;
    }

    /** Adds an observation of a primitive on a node. */
    public Builder resource(ResourceNodeState state) {
      resources.add(state);
      return this;
    }

    /** Records that a primitive runs healthily on a node. */
    public Builder running(String resource, String node) {
      return resource(ResourceNodeState.started(resource, node));
    }

    /** Adds a fail count. */
    public Builder failCount(FailCount failCount) {
      failCounts.add(failCount);
      return this;
    }

    /** Returns the state. */
    public ClusterState build() {
      return new ClusterState(quorate, nodes, resources, failCounts);
    }
  }
}
