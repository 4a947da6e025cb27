package io.ha4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a whole {@link ClusterConfig} and lists every problem with its path. Stateless. */
final class ConfigValidator {

  /** Ids and names: what Pacemaker accepts as an XML id, plus the characters node names use. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]*");
  /**
   * {@code class:type} or {@code class:provider:type}. Pacemaker also accepts a path as an LSB type
   * ({@code lsb:/usr/lib/heartbeat/cts/LSBDummy}) and templated systemd units ({@code getty@tty1}).
   */
  private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9_-]+(:[A-Za-z0-9_.@/-]+){1,2}");

  private final List<ConfigViolation> out = new ArrayList<>();

  private ConfigValidator() {}

  static List<ConfigViolation> validate(ClusterConfig config) {
    ConfigValidator v = new ConfigValidator();
    v.check(config);
    return List.copyOf(v.out);
  }

  private void add(String path, String message) {
    out.add(new ConfigViolation(path, message));
  }

  private void check(ClusterConfig config) {
    if (config.version() < 0) {
      add("version", "must be >= 0, was " + config.version());
    }
    if (config.properties() == null) {
      add("properties", "must be set");
    } else if (config.properties().noQuorumPolicy() == null) {
      add("properties.noQuorumPolicy", "must be set (stop, freeze or ignore)");
    }
    Set<String> nodeNames = checkNodes(config.nodes());
    Map<String, String> kinds = checkResources(config.resources());
    checkMeta("resourceDefaults", config.resourceDefaults());
    checkConstraints(config.constraints(), kinds, nodeNames);
  }

  private Set<String> checkNodes(List<Node> nodes) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      String path = "nodes[" + (n == null || n.name() == null ? "#" + i : n.name()) + "]";
      if (n == null) {
        add(path, "must not be null");
      } else if (checkName(path + ".name", n.name()) && !names.add(n.name())) {
        add(path + ".name", "duplicate node name '" + n.name() + "'");
      }
    }
    return names;
  }

  /** Returns resource id → "primitive" | "group" | "member". */
  private Map<String, String> checkResources(List<Resource> resources) {
    Map<String, String> kinds = new HashMap<>();
    for (int i = 0; i < resources.size(); i++) {
      Resource r = resources.get(i);
      String path = "resources[" + (r == null || r.id() == null ? "#" + i : r.id()) + "]";
      if (r == null) {
        add(path, "must not be null");
        continue;
      }
      if (r instanceof Primitive p) {
        checkPrimitive(path, p, kinds, "primitive");
      } else if (r instanceof Group g) {
        checkId(path, g.id(), kinds, "group");
        checkMeta(path + ".meta", g.meta());
        if (g.members().isEmpty()) {
          add(path + ".members", "a group needs at least one member");
        }
        for (int j = 0; j < g.members().size(); j++) {
          Primitive m = g.members().get(j);
          String mpath = path + ".members[" + (m == null || m.id() == null ? "#" + j : m.id()) + "]";
          if (m == null) {
            add(mpath, "must not be null");
          } else {
            checkPrimitive(mpath, m, kinds, "member");
          }
        }
      }
    }
    return kinds;
  }

  private void checkPrimitive(String path, Primitive p, Map<String, String> kinds, String kind) {
    checkId(path, p.id(), kinds, kind);
    if (p.agent() == null || p.agent().isBlank()) {
      add(path + ".agent", "must be set, e.g. ocf:heartbeat:IPaddr2 or ha4j:vip");
    } else if (!AGENT.matcher(p.agent()).matches()) {
      add(path + ".agent", "must look like class:type or class:provider:type, was '" + p.agent() + "'");
    }
    p.parameters().forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        add(path + ".parameters", "a parameter name must not be blank");
      } else if (v == null) {
        add(path + ".parameters[" + k + "]", "must not be null");
      }
    });
    Set<String> opKeys = new HashSet<>();
    for (int i = 0; i < p.operations().size(); i++) {
      Operation op = p.operations().get(i);
      if (op == null) {
        add(path + ".operations[#" + i + "]", "must not be null");
        continue;
      }
      String opath = path + ".operations[" + (op.name() == null ? "#" + i : op.key()) + "]";
      checkOperation(opath, op);
      if (op.name() != null && op.interval() != null && !opKeys.add(op.key())) {
        add(opath, "duplicate operation (same name and interval)");
      }
    }
    checkMeta(path + ".meta", p.meta());
  }

  private void checkOperation(String path, Operation op) {
    if (op.name() == null || op.name().isBlank()) {
      add(path + ".name", "must be set (start, stop or monitor)");
    }
    if (op.interval() == null) {
      add(path + ".interval", "must be set (zero for start and stop)");
    } else if (op.interval().isNegative()) {
      add(path + ".interval", "must be >= 0, was " + op.interval());
    } else if ("monitor".equals(op.name()) && op.interval().isZero()) {
      add(path + ".interval", "a recurring monitor needs an interval > 0");
    } else if (("start".equals(op.name()) || "stop".equals(op.name())) && !op.interval().isZero()) {
      add(path + ".interval", "must be zero for " + op.name() + ", was " + op.interval());
    }
    if (op.timeout() == null) {
      add(path + ".timeout", "must be set");
    } else if (op.timeout().isNegative() || op.timeout().isZero()) {
      add(path + ".timeout", "must be > 0, was " + op.timeout());
    }
    if (op.onFail() == null) {
      add(path + ".onFail", "must be set (restart, stop, block, fence or ignore)");
    }
  }

  private void checkMeta(String path, ResourceMeta meta) {
    if (meta == null) {
      return;
    }
    if (meta.migrationThreshold() != null && meta.migrationThreshold() < 0) {
      add(path + ".migrationThreshold", "must be >= 0 (0 = never move on failures), was " + meta.migrationThreshold());
    }
    if (meta.failureTimeout() != null && meta.failureTimeout().isNegative()) {
      add(path + ".failureTimeout", "must be >= 0, was " + meta.failureTimeout());
    }
    if (meta.stickiness() != null && Math.abs((long) meta.stickiness()) > Score.INFINITY) {
      add(path + ".stickiness", "must be within ±INFINITY (1000000), was " + meta.stickiness());
    }
  }

  private void checkId(String path, String id, Map<String, String> kinds, String kind) {
    if (checkName(path + ".id", id) && kinds.putIfAbsent(id, kind) != null) {
      add(path + ".id", "duplicate resource id '" + id + "'");
    }
  }

  private boolean checkName(String path, String name) {
    if (name == null || name.isBlank()) {
      add(path, "must not be blank");
      return false;
    }
    if (!NAME.matcher(name).matches()) {
      add(path, "must start with a letter, digit or '_' and hold only letters, digits and _.:@-, was '" + name + "'");
      return false;
    }
    return true;
  }

  private void checkConstraints(List<Constraint> constraints, Map<String, String> kinds, Set<String> nodes) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < constraints.size(); i++) {
      Constraint c = constraints.get(i);
      String path = "constraints[" + (c == null || c.id() == null ? "#" + i : c.id()) + "]";
      if (c == null) {
        add(path, "must not be null");
        continue;
      }
      if (checkName(path + ".id", c.id()) && !ids.add(c.id())) {
        add(path + ".id", "duplicate constraint id '" + c.id() + "'");
      }
      if (c instanceof Location l) {
        checkRef(path + ".resource", l.resource(), kinds);
        if (l.node() == null || !nodes.contains(l.node())) {
          add(path + ".node", "unknown node '" + l.node() + "'");
        }
      } else if (c instanceof Colocation co) {
        checkRef(path + ".resource", co.resource(), kinds);
        checkRef(path + ".withResource", co.withResource(), kinds);
        if (co.resource() != null && co.resource().equals(co.withResource())) {
          add(path, "a resource cannot be colocated with itself");
        }
      } else if (c instanceof Order o) {
        checkRef(path + ".first", o.first(), kinds);
        checkRef(path + ".then", o.then(), kinds);
        if (o.kind() == null) {
          add(path + ".kind", "must be set (mandatory or optional)");
        }
        if (o.first() != null && o.first().equals(o.then())) {
          add(path, "a resource cannot be ordered after itself");
        }
      }
    }
  }

  private void checkRef(String path, String id, Map<String, String> kinds) {
    if (id == null || !kinds.containsKey(id)) {
      add(path, "unknown resource '" + id + "'");
    }
  }

}
