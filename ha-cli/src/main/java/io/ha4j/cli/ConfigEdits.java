package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.Colocation;
import io.ha4j.Constraint;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Pure edits of a {@link ClusterConfig} for the cluster commands, with Pacemaker's attribute names
 * ({@code resource-stickiness}, {@code no-quorum-policy}, ...). The commands hand them to {@code
 * Ha4jAdmin.updateConfig}, which stores the result by compare-and-set after validating it.
 */
final class ConfigEdits {
  private ConfigEdits() {}

  /** Meta attribute names accepted by {@code --meta} and {@code resource defaults}. */
  static final List<String> META_NAMES = List.of(
      "resource-stickiness", "migration-threshold", "failure-timeout", "target-role", "is-managed", "priority");

  /** Property names accepted by {@code property set}. */
  static final List<String> PROPERTY_NAMES = List.of("symmetric-cluster", "no-quorum-policy", "stonith-enabled",
      "watchdog-fencing", "start-failure-is-fatal", "maintenance-mode");

  static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException(message);
  }

  /** Applies {@code name=value} meta attributes; an empty value unsets one. */
  static ResourceMeta meta(ResourceMeta m, Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue() == null ? "" : e.getValue().trim();
      boolean unset = v.isEmpty();
      m = switch (e.getKey()) {
        case "resource-stickiness", "stickiness" -> m.withStickiness(unset ? null : score(e.getKey(), v));
        case "migration-threshold" -> m.withMigrationThreshold(unset ? null : score(e.getKey(), v));
        case "failure-timeout" -> m.withFailureTimeout(unset ? null : duration(e.getKey(), v));
        case "target-role" -> m.withTargetRole(unset ? null : targetRole(v));
        case "is-managed" -> m.withManaged(unset ? null : bool(e.getKey(), v));
        case "priority" -> m.withPriority(unset ? null : score(e.getKey(), v));
        default -> throw bad("unknown meta attribute '" + e.getKey() + "' (known: " + String.join(", ", META_NAMES) + ")");
      };
    }
    return m;
  }

  /** Applies {@code name=value} cluster properties. */
  static ClusterProperties properties(ClusterProperties p, Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue() == null ? "" : e.getValue().trim();
      p = switch (e.getKey()) {
        case "symmetric-cluster" -> p.withSymmetricCluster(bool(e.getKey(), v));
        case "no-quorum-policy" -> p.withNoQuorumPolicy(enumValue(NoQuorumPolicy.class, e.getKey(), v));
        case "stonith-enabled" -> p.withStonithEnabled(bool(e.getKey(), v));
        case "watchdog-fencing" -> p.withWatchdogFencing(bool(e.getKey(), v));
        case "start-failure-is-fatal" -> p.withStartFailureIsFatal(bool(e.getKey(), v));
        case "maintenance-mode" -> p.withMaintenanceMode(bool(e.getKey(), v));
        default -> throw bad("unknown property '" + e.getKey() + "' (known: " + String.join(", ", PROPERTY_NAMES) + ")");
      };
    }
    return p;
  }

  /** The properties as {@code name=value} lines, in {@link #PROPERTY_NAMES} order. */
  static Map<String, String> propertyValues(ClusterProperties p) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("symmetric-cluster", String.valueOf(p.symmetricCluster()));
    out.put("no-quorum-policy", p.noQuorumPolicy().name().toLowerCase(Locale.ROOT));
    out.put("stonith-enabled", String.valueOf(p.stonithEnabled()));
    out.put("watchdog-fencing", String.valueOf(p.watchdogFencing()));
    out.put("start-failure-is-fatal", String.valueOf(p.startFailureIsFatal()));
    out.put("maintenance-mode", String.valueOf(p.maintenanceMode()));
    return out;
  }

  /** The meta attributes that are set, as {@code name=value}. */
  static Map<String, String> metaValues(ResourceMeta m) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m.stickiness() != null) {
      out.put("resource-stickiness", Score.format(m.stickiness()));
    }
    if (m.migrationThreshold() != null) {
      out.put("migration-threshold", Score.format(m.migrationThreshold()));
    }
    if (m.failureTimeout() != null) {
      out.put("failure-timeout", m.failureTimeout().toSeconds() + "s");
    }
    if (m.targetRole() != null) {
      out.put("target-role", m.targetRole() == TargetRole.STARTED ? "Started" : "Stopped");
    }
    if (m.managed() != null) {
      out.put("is-managed", String.valueOf(m.managed()));
    }
    if (m.priority() != null) {
      out.put("priority", String.valueOf(m.priority()));
    }
    return out;
  }

  static int score(String name, String v) {
    try {
      return Score.parse(v);
    } catch (RuntimeException e) {
      throw bad(name + ": '" + v + "' is not a score (an integer, INFINITY or -INFINITY)");
    }
  }

  static Duration duration(String name, String v) {
    try {
      return Durations.parse(v);
    } catch (RuntimeException e) {
      throw bad(name + ": '" + v + "' is not a duration (e.g. 10s, 5m)");
    }
  }

  static boolean bool(String name, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw bad(name + ": '" + v + "' is not a boolean (true/false)");
    };
  }

  static TargetRole targetRole(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "started", "start" -> TargetRole.STARTED;
      case "stopped", "stop" -> TargetRole.STOPPED;
      default -> throw bad("target-role: '" + v + "' is not Started or Stopped");
    };
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String name, String v) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw bad(name + ": '" + v + "' is not one of " + String.join(", ", names));
    }
  }

  // ---------------------------------------------------------------- resources

  /** Adds a primitive at the top level, or at the end of {@code group} (created when missing). */
  static UnaryOperator<ClusterConfig> addPrimitive(Primitive p, String group) {
    return c -> {
      if (c.resource(p.id()).isPresent()) {
        throw bad("resource '" + p.id() + "' already exists");
      }
      List<Resource> out = new ArrayList<>(c.resources());
      if (group == null) {
        out.add(p);
      } else {
        int i = indexOf(out, group);
        if (i < 0) {
          if (c.resource(group).isPresent()) {
            throw bad("'" + group + "' is a primitive inside a group, not a group");
          }
          out.add(Group.of(group, p));
        } else if (out.get(i) instanceof Group g) {
          List<Primitive> members = new ArrayList<>(g.members());
          members.add(p);
          out.set(i, new Group(g.id(), members, g.meta()));
        } else {
          throw bad("'" + group + "' is a primitive, not a group");
        }
      }
      return withResources(c, out);
    };
  }

  private static int indexOf(List<Resource> resources, String id) {
    for (int i = 0; i < resources.size(); i++) {
      if (resources.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** Replaces a primitive (wherever it is) or a group's meta. */
  static UnaryOperator<ClusterConfig> updateResource(String id, UnaryOperator<Primitive> primitive,
      UnaryOperator<ResourceMeta> groupMeta) {
    return c -> {
      Resource target = c.resource(id).orElseThrow(() -> bad("no such resource: " + id));
      if (target instanceof Group && groupMeta == null) {
        throw bad("'" + id + "' is a group: only --meta applies to it");
      }
      List<Resource> out = new ArrayList<>();
      for (Resource r : c.resources()) {
        if (r instanceof Primitive p) {
          out.add(p.id().equals(id) ? primitive.apply(p) : p);
        } else if (r instanceof Group g) {
          if (g.id().equals(id)) {
            out.add(new Group(g.id(), g.members(), groupMeta.apply(g.meta())));
          } else {
            List<Primitive> members = new ArrayList<>();
            g.members().forEach(m -> members.add(m.id().equals(id) ? primitive.apply(m) : m));
            out.add(new Group(g.id(), members, g.meta()));
          }
        }
      }
      return withResources(c, out);
    };
  }

  /**
   * Removes a primitive (from its group; an emptied group goes too) or a whole group, and every
   * constraint that names what was removed.
   */
  static UnaryOperator<ClusterConfig> deleteResource(String id) {
    return c -> {
      c.resource(id).orElseThrow(() -> bad("no such resource: " + id));
      List<String> removed = new ArrayList<>();
      List<Resource> out = new ArrayList<>();
      for (Resource r : c.resources()) {
        if (r.id().equals(id)) {
          removed.add(r.id());
          if (r instanceof Group g) {
            g.members().forEach(m -> removed.add(m.id()));
          }
        } else if (r instanceof Group g && g.members().stream().anyMatch(m -> m.id().equals(id))) {
          removed.add(id);
          List<Primitive> members = new ArrayList<>(g.members());
          members.removeIf(m -> m.id().equals(id));
          if (members.isEmpty()) {
            removed.add(g.id());
          } else {
            out.add(new Group(g.id(), members, g.meta()));
          }
        } else {
          out.add(r);
        }
      }
      List<Constraint> constraints = new ArrayList<>();
      for (Constraint k : c.constraints()) {
        if (!names(k).stream().anyMatch(removed::contains)) {
          constraints.add(k);
        }
      }
      return new ClusterConfig(c.version(), c.nodes(), out, constraints, c.resourceDefaults(), c.properties());
    };
  }

  private static ClusterConfig withResources(ClusterConfig c, List<Resource> resources) {
    return new ClusterConfig(c.version(), c.nodes(), resources, c.constraints(), c.resourceDefaults(), c.properties());
  }

  /** Sets parameters (an empty value removes one). */
  static Map<String, String> parameters(Map<String, String> current, Map<String, String> changes) {
    Map<String, String> out = new LinkedHashMap<>(current);
    changes.forEach((k, v) -> {
      if (v == null || v.isEmpty()) {
        out.remove(k);
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Replaces (or adds) the operation with this name and interval kind (monitor vs start/stop). */
  static List<Operation> withOperation(List<Operation> ops, Operation op) {
    List<Operation> out = new ArrayList<>();
    boolean replaced = false;
    for (Operation o : ops) {
      if (o.name().equals(op.name())) {
        if (!replaced) {
          out.add(op);
          replaced = true;
        }
      } else {
        out.add(o);
      }
    }
    if (!replaced) {
      out.add(op);
    }
    return out;
  }

  // ---------------------------------------------------------------- constraints

  /** The resources a constraint names. */
  static List<String> names(Constraint k) {
    if (k instanceof Location l) {
      return List.of(l.resource());
    }
    if (k instanceof Colocation col) {
      return List.of(col.resource(), col.withResource());
    }
    Order o = (Order) k;
    return List.of(o.first(), o.then());
  }

  static UnaryOperator<ClusterConfig> addConstraint(Constraint k) {
    return c -> {
      String id = id(k);
      if (c.constraints().stream().anyMatch(x -> id(x).equals(id))) {
        throw bad("a constraint with id '" + id + "' already exists (remove it first, or give --id)");
      }
      List<Constraint> out = new ArrayList<>(c.constraints());
      out.add(k);
      return new ClusterConfig(c.version(), c.nodes(), c.resources(), out, c.resourceDefaults(), c.properties());
    };
  }

  static UnaryOperator<ClusterConfig> removeConstraints(List<String> ids) {
    return c -> {
      for (String id : ids) {
        if (c.constraints().stream().noneMatch(x -> id(x).equals(id))) {
          throw bad("no constraint with id '" + id + "'");
        }
      }
      List<Constraint> out = new ArrayList<>(c.constraints());
      out.removeIf(x -> ids.contains(id(x)));
      return new ClusterConfig(c.version(), c.nodes(), c.resources(), out, c.resourceDefaults(), c.properties());
    };
  }

  static String id(Constraint k) {
    if (k instanceof Location l) {
      return l.id();
    }
    if (k instanceof Colocation col) {
      return col.id();
    }
    return ((Order) k).id();
  }

  /** One line describing a constraint, as {@code constraint list} prints it. */
  static String describe(Constraint k) {
    if (k instanceof Location l) {
      return "location   " + l.id() + ": " + l.resource() + (l.score() >= 0 ? " prefers " : " avoids ") + l.node()
          + " (" + Score.format(l.score()) + ")" + (l.expires() == null ? "" : " until " + StatusText.time(l.expires()));
    }
    if (k instanceof Colocation col) {
      return "colocation " + col.id() + ": " + col.resource() + " with " + col.withResource() + " ("
          + Score.format(col.score()) + ")";
    }
    Order o = (Order) k;
    return "order      " + o.id() + ": " + o.first() + " then " + o.then() + " ("
        + o.kind().name().toLowerCase(Locale.ROOT) + (o.symmetrical() ? ", symmetrical" : "") + ")";
  }
}
