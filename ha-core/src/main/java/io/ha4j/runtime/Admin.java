package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.Constraint;
import io.ha4j.Group;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jException;
import io.ha4j.Location;
import io.ha4j.Node;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Admin operations: configuration changes by compare-and-set with retry, so every node sees them.
 * Needs only a coordinator and a wall clock, so that it serves both a running node and a client that
 * is no node ({@link CoordinatorAdmin}).
 */
final class Admin {
  private static final int MAX_ATTEMPTS = 20;
  private final Coordinator coordinator;
  private final Supplier<Instant> now;

  Admin(Coordinator coordinator, Supplier<Instant> now) {
    this.coordinator = coordinator;
    this.now = now;
  }

  ClusterConfig update(UnaryOperator<ClusterConfig> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Versioned> stored = coordinator.get(Keys.CONFIG);
      if (stored.isEmpty()) {
        throw new Ha4jException("no configuration in the store yet");
      }
      ClusterConfig current = ConfigCodec.read(Json.parse(stored.get().value()));
      ClusterConfig next = change.apply(current);
      next = NodeRuntime.withVersion(next, current.version() + 1);
      NodeRuntime.requireValid(next);
      if (coordinator.compareAndSet(Keys.CONFIG, stored.get().version(), Json.bytes(ConfigCodec.write(next))).isPresent()) {
        return next;
      }
    }
    throw new Ha4jException("configuration changed concurrently " + MAX_ATTEMPTS + " times; giving up");
  }

  /**
   * Stores {@code config} as the whole configuration: version = stored version + 1 (or the given
   * one, at least 1, when the store holds none), by compare-and-set with retry.
   */
  ClusterConfig replace(ClusterConfig config) {
    NodeRuntime.requireValid(config);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Versioned> stored = coordinator.get(Keys.CONFIG);
      long version = stored.map(v -> ConfigCodec.read(Json.parse(v.value())).version() + 1)
          .orElse(Math.max(1, config.version()));
      ClusterConfig next = NodeRuntime.withVersion(config, version);
      long expected = stored.map(Versioned::version).orElse(0L);
      if (coordinator.compareAndSet(Keys.CONFIG, expected, Json.bytes(ConfigCodec.write(next))).isPresent()) {
        return next;
      }
    }
    throw new Ha4jException("configuration changed concurrently " + MAX_ATTEMPTS + " times; giving up");
  }

  /** The stored configuration, if any. */
  Optional<ClusterConfig> stored() {
    return coordinator.get(Keys.CONFIG).map(v -> ConfigCodec.read(Json.parse(v.value())));
  }

  private static void requireResource(ClusterConfig c, String id) {
    if (c.resource(id).isEmpty()) {
      throw new Ha4jConfigException(List.of(new io.ha4j.ConfigViolation("resources[" + id + "]", "no such resource")));
    }
  }

  private static void requireNode(ClusterConfig c, String node) {
    if (c.node(node).isEmpty()) {
      throw new Ha4jConfigException(List.of(new io.ha4j.ConfigViolation("nodes[" + node + "]", "no such node")));
    }
  }

  private Instant expiry(Duration lifetime) {
    return lifetime == null ? null : now.get().plus(lifetime);
  }

  void move(String resource, String node, Duration lifetime) {
    Instant expires = expiry(lifetime);
    update(c -> {
      requireResource(c, resource);
      requireNode(c, node);
      String id = "cli-prefer-" + resource;
      return replaceConstraints(c, k -> k.id().equals(id), new Location(id, resource, node, Score.INFINITY, expires));
    });
  }

  void ban(String resource, String node, Duration lifetime) {
    Instant expires = expiry(lifetime);
    update(c -> {
      requireResource(c, resource);
      requireNode(c, node);
      String id = "cli-ban-" + resource + "-on-" + node;
      return replaceConstraints(c, k -> k.id().equals(id), new Location(id, resource, node, -Score.INFINITY, expires));
    });
  }

  void clear(String resource) {
    update(c -> {
      requireResource(c, resource);
      return replaceConstraints(c, k -> k instanceof Location l && l.resource().equals(resource)
          && (l.id().equals("cli-prefer-" + resource) || l.id().startsWith("cli-ban-" + resource + "-on-")), null);
    });
  }

  private static ClusterConfig replaceConstraints(ClusterConfig c, java.util.function.Predicate<Constraint> remove,
      Constraint add) {
    List<Constraint> list = new ArrayList<>();
    for (Constraint k : c.constraints()) {
      if (!remove.test(k)) {
        list.add(k);
      }
    }
    if (add != null) {
      list.add(add);
    }
    return new ClusterConfig(c.version(), c.nodes(), c.resources(), list, c.resourceDefaults(), c.properties());
  }

  void nodeFlags(String node, Boolean standby, Boolean maintenance) {
    update(c -> {
      requireNode(c, node);
      List<Node> nodes = new ArrayList<>();
      for (Node n : c.nodes()) {
        nodes.add(!n.name().equals(node) ? n : new Node(n.name(),
            standby == null ? n.standby() : standby, maintenance == null ? n.maintenance() : maintenance));
      }
      return new ClusterConfig(c.version(), nodes, c.resources(), c.constraints(), c.resourceDefaults(), c.properties());
    });
  }

  void targetRole(String resource, TargetRole role) {
    update(c -> withMeta(c, resource, m -> m.withTargetRole(role)));
  }

  void managed(String resource, boolean managed) {
    update(c -> withMeta(c, resource, m -> m.withManaged(managed)));
  }

  private static ClusterConfig withMeta(ClusterConfig c, String id, UnaryOperator<ResourceMeta> f) {
    requireResource(c, id);
    List<Resource> out = new ArrayList<>();
    for (Resource r : c.resources()) {
      if (r instanceof Primitive p) {
        out.add(p.id().equals(id) ? new Primitive(p.id(), p.agent(), p.parameters(), p.operations(), f.apply(p.meta())) : p);
      } else if (r instanceof Group g) {
        if (g.id().equals(id)) {
          out.add(new Group(g.id(), g.members(), f.apply(g.meta())));
        } else {
          List<Primitive> members = new ArrayList<>();
          for (Primitive p : g.members()) {
            members.add(p.id().equals(id) ? new Primitive(p.id(), p.agent(), p.parameters(), p.operations(), f.apply(p.meta())) : p);
          }
          out.add(new Group(g.id(), members, g.meta()));
        }
      }
    }
    return new ClusterConfig(c.version(), c.nodes(), out, c.constraints(), c.resourceDefaults(), c.properties());
  }

  /**
   * Cleanup: deletes the fail counts and the observed state of the resource (of every member, for a
   * group) on every node, then asks every node to probe it again. Until the fresh probes are in, the
   * controller waits (a missing observation means "not probed").
   */
  void cleanup(String resource) {
    ClusterConfig c = coordinator.get(Keys.CONFIG).map(v -> ConfigCodec.read(Json.parse(v.value())))
        .orElseThrow(() -> new Ha4jException("no configuration in the store yet"));
    requireResource(c, resource);
    List<String> primitives = new ArrayList<>();
    Resource r = c.resource(resource).orElseThrow();
    if (r instanceof Group g) {
      g.members().forEach(m -> primitives.add(m.id()));
    } else {
      primitives.add(r.id());
    }
    for (String p : primitives) {
      for (Versioned v : coordinator.list(Keys.FAILCOUNT + p + "/")) {
        coordinator.compareAndDelete(v.key(), v.version());
      }
      for (Node n : c.nodes()) {
        coordinator.delete(Keys.state(n.name(), p));
      }
      long seq = coordinator.get(Keys.reprobe(p)).map(v -> Stored.Request.fromJson(v.value()).seq()).orElse(0L) + 1;
      coordinator.put(Keys.reprobe(p), new Stored.Request(seq, coordinator.epoch(), "cleanup").toJson());
    }
  }
}
