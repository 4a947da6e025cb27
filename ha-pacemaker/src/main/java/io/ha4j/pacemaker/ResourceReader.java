package io.ha4j.pacemaker;

import io.ha4j.Group;
import io.ha4j.OnFail;
import io.ha4j.Operation;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.TargetRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code <resources>} (primitives and groups, in document order) and meta attribute blocks.
 * Remembers, per primitive, what the status reader needs: whether it is managed and the
 * {@code on-fail} of each configured operation.
 */
final class ResourceReader {

  /** Resource classes Pacemaker knows ({@code PCMK_RESOURCE_CLASS_*}). */
  private static final Set<String> CLASSES =
      Set.of("ocf", "lsb", "heartbeat", "stonith", "service", "systemd", "upstart", "nagios");

  private final AttributeSets sets;
  private final Problems problems;
  private final boolean stonithEnabled;
  private final boolean maintenanceMode;
  private final Map<String, String> opDefaults;
  private final Map<String, PrimitiveFacts> facts = new LinkedHashMap<>();

  ResourceReader(AttributeSets sets, Problems problems, boolean stonithEnabled, boolean maintenanceMode,
      Map<String, String> opDefaults) {
    this.sets = sets;
    this.problems = problems;
    this.stonithEnabled = stonithEnabled;
    this.maintenanceMode = maintenanceMode;
    this.opDefaults = opDefaults;
  }

  /** What the status reader needs to know of a primitive. */
  record PrimitiveFacts(String id, boolean managed, Map<String, String> onFailByOpKey, String defaultOnFail) {}

  Map<String, PrimitiveFacts> facts() {
    return facts;
  }

  /** The top-level resources in document order. */
  List<Resource> read(Element resources, ResourceMeta defaults) {
    List<Resource> out = new ArrayList<>();
    for (Element e : Xml.children(resources)) {
      switch (e.getTagName()) {
        case "primitive" -> {
          Primitive p = primitive(e, ResourceMeta.EMPTY, defaults);
          if (p != null) {
            out.add(p);
          }
        }
        case "group" -> {
          Group g = group(e, defaults);
          if (g != null) {
            out.add(g);
          }
        }
        case "clone", "master", "bundle", "template" ->
            problems.add(e, "<" + e.getTagName() + "> resources are not supported");
        default -> problems.add(e, "unknown resource element <" + e.getTagName() + ">");
      }
    }
    return out;
  }

  private Group group(Element e, ResourceMeta defaults) {
    String id = requireId(e);
    ResourceMeta meta = meta(e);
    Map<String, String> raw = sets.read(e, "meta_attributes", null, false);
    for (String flag : List.of("ordered", "collocated")) {
      Boolean value = Values.bool(raw.get(flag));
      if (raw.containsKey(flag) && !Boolean.TRUE.equals(value)) {
        problems.add(e, "meta_attributes " + flag + "=" + raw.get(flag) + " is not supported");
      }
    }
    List<Primitive> members = new ArrayList<>();
    for (Element child : Xml.children(e)) {
      switch (child.getTagName()) {
        case "primitive" -> {
          Primitive p = primitive(child, meta, defaults);
          if (p != null) {
            members.add(p);
          }
        }
        case "meta_attributes", "instance_attributes", "utilization" -> { }
        default -> problems.add(child, "a group may hold only primitives, not <" + child.getTagName() + ">");
      }
    }
    return id == null ? null : new Group(id, members, meta);
  }

  private Primitive primitive(Element e, ResourceMeta groupMeta, ResourceMeta defaults) {
    String id = requireId(e);
    String agent = agent(e);
    if (Xml.attr(e, "template") != null) {
      problems.add(e, "template", "resource templates are not supported");
    }
    Map<String, String> params = sets.read(e, "instance_attributes", null, false);
    ResourceMeta meta = meta(e);
    List<Operation> ops = new ArrayList<>();
    Map<String, String> onFailByKey = new HashMap<>();
    Element operations = Xml.child(e, "operations");
    if (operations != null) {
      for (Element op : Xml.children(operations, "op")) {
        Operation o = operation(op, id, onFailByKey);
        if (o != null) {
          ops.add(o);
        }
      }
    }
    if (id == null || agent == null) {
      return null;
    }
    Boolean managed = meta.orElse(groupMeta).orElse(defaults).managed();
    facts.put(id, new PrimitiveFacts(id, !maintenanceMode && (managed == null || managed),
        onFailByKey, opDefaults.get("on-fail")));
    return new Primitive(id, agent, params, ops, meta);
  }

  private String agent(Element e) {
    String cls = Xml.attr(e, "class");
    String provider = Xml.attr(e, "provider");
    String type = Xml.attr(e, "type");
    boolean ok = true;
    if (cls == null) {
      problems.add(e, "class", "missing (e.g. ocf, lsb, systemd, stonith)");
      ok = false;
    } else if (!CLASSES.contains(cls.toLowerCase(Locale.ROOT))) {
      problems.add(e, "class", "unknown resource class '" + cls + "' (expected one of " + String.join(", ",
          CLASSES.stream().sorted().toList()) + ")");
      ok = false;
    }
    if (type == null || type.isBlank()) {
      problems.add(e, "type", "missing");
      ok = false;
    }
    if (ok && cls.equalsIgnoreCase("ocf") && (provider == null || provider.isBlank())) {
      problems.add(e, "provider", "missing (an ocf resource needs a provider)");
      ok = false;
    }
    if (!ok) {
      return null;
    }
    String c = cls.toLowerCase(Locale.ROOT);
    return c.equals("ocf") ? c + ":" + provider + ":" + type : c + ":" + type;
  }

  private Operation operation(Element op, String rscId, Map<String, String> onFailByKey) {
    String id = requireId(op);
    String name = Xml.attr(op, "name");
    if (name == null || name.isBlank()) {
      problems.add(op, "name", "missing (start, stop, monitor...)");
      return null;
    }
    Duration interval = Duration.ZERO;
    String intervalText = Xml.attr(op, "interval");
    if (intervalText != null) {
      interval = Values.duration(intervalText);
      if (interval == null) {
        problems.add(op, "interval", "not a duration: '" + intervalText + "'");
        return null;
      }
    }
    Map<String, String> opMeta = new LinkedHashMap<>();
    for (String attr : List.of("timeout", "on-fail", "enabled", "role")) {
      if (Xml.attr(op, attr) != null) {
        opMeta.put(attr, Xml.attr(op, attr));
      }
    }
    sets.readInto(opMeta, op, "meta_attributes", null, false);
    String enabledText = opMeta.get("enabled");
    Boolean enabled = Values.bool(enabledText);
    if (enabledText != null && enabled == null) {
      problems.add(op, "enabled", "not a boolean: '" + enabledText + "'");
    }
    String role = opMeta.get("role");
    if (role != null && !role.equalsIgnoreCase("Started")) {
      problems.add(op, "role", "role-specific operations are not supported (role '" + role + "')");
    }
    Duration timeout = Operation.DEFAULT_TIMEOUT;
    String timeoutText = opMeta.getOrDefault("timeout", opDefaults.get("timeout"));
    if (timeoutText != null) {
      Duration t = Values.duration(timeoutText);
      if (t == null) {
        problems.add(op, "timeout", "not a duration: '" + timeoutText + "'");
      } else if (!t.isZero()) {
        timeout = t;
      }
    }
    String onFailText = opMeta.get("on-fail");
    OnFail onFail = onFail(op, name, onFailText != null ? onFailText : opDefaults.get("on-fail"));
    if (Boolean.FALSE.equals(enabled)) {
      return null;
    }
    onFailByKey.put((rscId + "_" + name + "_" + interval.toMillis()).toLowerCase(Locale.ROOT), onFailText);
    if (interval.isZero() && name.equals("monitor")) {
      return null; // probe settings (e.g. the probe's timeout): not an ha4j operation
    }
    return id == null || onFail == null ? null : new Operation(name, interval, timeout, onFail);
  }

  /** The operation's on-fail as Pacemaker applies it (unpack_operation), defaults included. */
  private OnFail onFail(Element op, String name, String text) {
    boolean stop = name.equals("stop");
    String value = text == null ? null : text.toLowerCase(Locale.ROOT);
    if (stop && value != null && Set.of("standby", "demote", "stop").contains(value)) {
      value = null; // Pacemaker resets these to the default for a stop
    }
    if (value != null) {
      switch (value) {
        case "ignore", "nothing":
          return OnFail.IGNORE;
        case "block":
          return OnFail.BLOCK;
        case "stop":
          return OnFail.STOP;
        case "restart":
          return OnFail.RESTART;
        case "fence":
          return OnFail.FENCE;
        case "standby", "migrate", "demote", "restart-container":
          problems.add(op, "on-fail", "on-fail '" + text + "' is not supported");
          return null;
        default:
          problems.add(op, "on-fail", "unknown on-fail '" + text
              + "' (expected ignore, block, stop, restart or fence)");
          return null;
      }
    }
    if (stop) {
      return stonithEnabled ? OnFail.FENCE : OnFail.BLOCK;
    }
    return OnFail.RESTART;
  }

  /** The meta attributes set on {@code owner} itself; unknown names are ignored. */
  ResourceMeta meta(Element owner) {
    Map<String, String> raw = sets.read(owner, "meta_attributes", null, false);
    Element at = owner;
    ResourceMeta meta = ResourceMeta.EMPTY;
    String v = usable(raw.get("resource-stickiness"));
    if (v != null) {
      meta = meta.withStickiness(score(at, "resource-stickiness", v));
    }
    v = usable(raw.get("migration-threshold"));
    if (v != null) {
      Integer mt = score(at, "migration-threshold", v);
      meta = meta.withMigrationThreshold(mt == null ? null : mt < 0 ? Integer.valueOf(1) : mt);
    }
    v = raw.get("failure-timeout");
    if (v != null) {
      Duration d = Values.duration(v);
      if (d == null) {
        problems.add(nvpair(at, "failure-timeout"), "value", "not a duration: '" + v + "'");
      } else {
        meta = meta.withFailureTimeout(Duration.ofSeconds(d.getSeconds()));
      }
    }
    v = raw.get("target-role");
    if (v != null && !v.equalsIgnoreCase("default")) {
      switch (v.toLowerCase(Locale.ROOT)) {
        case "stopped" -> meta = meta.withTargetRole(TargetRole.STOPPED);
        case "started", "slave", "unpromoted", "master", "promoted" -> meta = meta.withTargetRole(TargetRole.STARTED);
        default -> problems.add(nvpair(at, "target-role"), "value", "unknown target-role '" + v + "' (expected Started or Stopped)");
      }
    }
    v = usable(raw.get("is-managed"));
    if (v != null) {
      Boolean b = Values.bool(v);
      if (b == null) {
        problems.add(nvpair(at, "is-managed"), "value", "not a boolean: '" + v + "'");
      } else {
        meta = meta.withManaged(b);
      }
    }
    if (Boolean.TRUE.equals(Values.bool(raw.get("maintenance")))) {
      meta = meta.withManaged(false);
    }
    v = raw.get("priority");
    if (v != null) {
      meta = meta.withPriority(score(at, "priority", v));
    }
    return meta;
  }

  private static String usable(String value) {
    return value == null || value.equalsIgnoreCase("default") ? null : value;
  }

  private Integer score(Element at, String name, String value) {
    Integer s = Values.score(value);
    if (s == null) {
      problems.add(nvpair(at, name), "value", "not a score: '" + value + "' (expected an integer or [+-]INFINITY)");
    }
    return s;
  }

  /** The nvpair named {@code name} in {@code owner}'s meta blocks, for error paths; else {@code owner}. */
  private static Element nvpair(Element owner, String name) {
    for (Element set : Xml.children(owner, "meta_attributes")) {
      for (Element pair : Xml.children(set, "nvpair")) {
        if (name.equals(Xml.attr(pair, "name"))) {
          return pair;
        }
      }
    }
    return owner;
  }

  private String requireId(Element e) {
    String id = Xml.attr(e, "id");
    if (id == null || id.isBlank()) {
      problems.add(e, "id", "missing");
      return null;
    }
    return id;
  }
}
