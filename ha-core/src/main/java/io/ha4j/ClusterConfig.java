package io.ha4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The whole desired configuration of a cluster: nodes, resources, constraints, resource defaults and
 * cluster properties, with a version that increases with every change.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}, which starts from ha4j's defaults
 * (resource-stickiness 100, fencing by lease + guard, no-quorum-policy stop) and rejects an invalid
 * configuration with every problem listed; {@link ClusterConfig#ClusterConfig the constructor} accepts
 * anything, and {@link #validate()} tells what is wrong with it.
 *
 * @param version configuration version; higher is newer
 * @param nodes the nodes
 * @param resources top-level resources in placement order (primitives and groups)
 * @param constraints location, colocation and order constraints
 * @param resourceDefaults meta attributes every resource inherits unless it (or its group) sets them
 * @param properties cluster-wide options
 */
public record ClusterConfig(
    long version,
    List<Node> nodes,
    List<Resource> resources,
    List<Constraint> constraints,
    ResourceMeta resourceDefaults,
    ClusterProperties properties) {

  /** Copies the lists, turning {@code null} into empty ones (validation reports the rest). */
  public ClusterConfig {
    nodes = copy(nodes);
    resources = copy(resources);
    constraints = copy(constraints);
    resourceDefaults = resourceDefaults == null ? ResourceMeta.EMPTY : resourceDefaults;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /** Every problem of this configuration, each with its path; empty when it is valid. */
  public List<ConfigViolation> validate() {
    return ConfigValidator.validate(this);
  }

  /** Throws {@link Ha4jConfigException} listing every problem, or returns this when valid. */
  public ClusterConfig requireValid() {
    List<ConfigViolation> violations = validate();
    if (!violations.isEmpty()) {
      throw new Ha4jConfigException(violations);
    }
    return this;
  }

  /** The node with this name, if configured. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The resource (top-level or group member) with this id. */
  public Optional<Resource> resource(String id) {
    for (Resource r : resources) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
      if (r instanceof Group g) {
        for (Primitive p : g.members()) {
          if (p.id().equals(id)) {
            return Optional.of(p);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Every primitive, group members included, in configuration order. */
  public List<Primitive> primitives() {
    List<Primitive> out = new ArrayList<>();
    for (Resource r : resources) {
      if (r instanceof Primitive p) {
        out.add(p);
      } else if (r instanceof Group g) {
        out.addAll(g.members());
      }
    }
    return out;
  }

  /** A builder starting from ha4j's defaults. */
  public static Builder builder() {
    return new Builder(ResourceMeta.HA4J_DEFAULTS, ClusterProperties.HA4J_DEFAULTS);
  }

  /** A builder starting from Pacemaker's defaults (stickiness 0, no watchdog fencing). */
  public static Builder pacemakerBuilder() {
    return new Builder(ResourceMeta.EMPTY, ClusterProperties.PACEMAKER_DEFAULTS);
  }

  /** A builder holding a copy of this configuration, for a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(resourceDefaults, properties);
    b.version = version;
    b.nodes.addAll(nodes);
    b.resources.addAll(resources);
    b.constraints.addAll(constraints);
    return b;
  }

  /** Builds a {@link ClusterConfig}. Not thread-safe; reusable. */
  public static final class Builder {
    private long version;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private ResourceMeta resourceDefaults;
    private ClusterProperties properties;

    private Builder(ResourceMeta resourceDefaults, ClusterProperties properties) {
      this.resourceDefaults = resourceDefaults;
      this.properties = properties;
    }

    /** Sets the configuration version. */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /** Adds ordinary nodes. */
    public Builder nodes(String... names) {
      for (String name : names) {
        nodes.add(Node.of(name));
      }
      return this;
    }

    /** Adds a node. */
    public Builder node(Node node) {
      nodes.add(node);
      return this;
    }

    /** Adds a resource (a primitive or a group). */
    public Builder resource(Resource resource) {
      resources.add(resource);
      return this;
    }

    /** Adds a group of the given primitives. */
    public Builder group(String id, Primitive... members) {
      return resource(Group.of(id, members));
    }

    /** Adds a constraint. */
    public Builder constraint(Constraint constraint) {
      constraints.add(constraint);
      return this;
    }

    /** Adds a location constraint with a generated id. */
    public Builder location(String resource, String node, int score) {
      return constraint(Location.of("location-" + resource + "-" + node, resource, node, score));
    }

    /** Adds a colocation constraint with a generated id. */
    public Builder colocation(String resource, String withResource, int score) {
      return constraint(new Colocation("colocation-" + resource + "-" + withResource, resource, withResource, score));
    }

    /** Adds a mandatory symmetrical order with a generated id. */
    public Builder order(String first, String then) {
      return constraint(Order.of("order-" + first + "-" + then, first, then));
    }

    /** Replaces the resource defaults ({@code rsc_defaults}). */
    public Builder resourceDefaults(ResourceMeta defaults) {
      this.resourceDefaults = defaults;
      return this;
    }

    /** Replaces the cluster properties. */
    public Builder properties(ClusterProperties properties) {
      this.properties = properties;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws Ha4jConfigException listing every problem, when the configuration is invalid
     */
    public ClusterConfig build() {
      return new ClusterConfig(version, nodes, resources, constraints, resourceDefaults, properties)
          .requireValid();
    }
  }
}
