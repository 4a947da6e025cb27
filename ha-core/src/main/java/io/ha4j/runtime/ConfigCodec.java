package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.Colocation;
import io.ha4j.Constraint;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.Node;
import io.ha4j.OnFail;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.TargetRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ClusterConfig} as stable, versioned JSON (format 1). Written field by field, so that the
 * stored form never depends on record reflection; durations are ISO-8601 ({@code PT10S}).
 */
final class ConfigCodec {

  static final int FORMAT = 1;

  private ConfigCodec() {}

  static ObjectNode write(ClusterConfig c) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("version", c.version());
    ArrayNode nodes = root.putArray("nodes");
    for (Node n : c.nodes()) {
      nodes.addObject().put("name", n.name()).put("standby", n.standby()).put("maintenance", n.maintenance());
    }
    ArrayNode resources = root.putArray("resources");
    for (Resource r : c.resources()) {
      if (r instanceof Primitive p) {
        resources.add(primitive(p));
      } else if (r instanceof Group g) {
        ObjectNode o = resources.addObject().put("kind", "group").put("id", g.id());
        ArrayNode members = o.putArray("members");
        g.members().forEach(m -> members.add(primitive(m)));
        o.set("meta", meta(g.meta()));
      }
    }
    ArrayNode constraints = root.putArray("constraints");
    for (Constraint k : c.constraints()) {
      if (k instanceof Location l) {
        ObjectNode o = constraints.addObject().put("kind", "location").put("id", l.id())
            .put("resource", l.resource()).put("node", l.node()).put("score", l.score());
        Json.putInstant(o, "expires", l.expires());
      } else if (k instanceof Colocation col) {
        constraints.addObject().put("kind", "colocation").put("id", col.id()).put("resource", col.resource())
            .put("with", col.withResource()).put("score", col.score());
      } else if (k instanceof Order ord) {
        constraints.addObject().put("kind", "order").put("id", ord.id()).put("first", ord.first())
            .put("then", ord.then()).put("orderKind", ord.kind().name()).put("symmetrical", ord.symmetrical());
      }
    }
    root.set("resourceDefaults", meta(c.resourceDefaults()));
    ClusterProperties p = c.properties();
    if (p != null) {
      root.putObject("properties")
          .put("symmetricCluster", p.symmetricCluster())
          .put("noQuorumPolicy", p.noQuorumPolicy().name())
          .put("stonithEnabled", p.stonithEnabled())
          .put("watchdogFencing", p.watchdogFencing())
          .put("startFailureIsFatal", p.startFailureIsFatal())
          .put("maintenanceMode", p.maintenanceMode());
    }
    return root;
  }

  private static ObjectNode primitive(Primitive p) {
    ObjectNode o = Json.object().put("kind", "primitive").put("id", p.id()).put("agent", p.agent());
    ObjectNode params = o.putObject("parameters");
    p.parameters().forEach(params::put);
    ArrayNode ops = o.putArray("operations");
    for (Operation op : p.operations()) {
      ObjectNode x = ops.addObject().put("name", op.name());
      Json.putDuration(x, "interval", op.interval());
      Json.putDuration(x, "timeout", op.timeout());
      x.put("onFail", op.onFail() == null ? null : op.onFail().name());
    }
    o.set("meta", meta(p.meta()));
    return o;
  }

  private static ObjectNode meta(ResourceMeta m) {
    ObjectNode o = Json.object();
    if (m.stickiness() != null) {
      o.put("stickiness", m.stickiness());
    }
    if (m.migrationThreshold() != null) {
      o.put("migrationThreshold", m.migrationThreshold());
    }
    if (m.failureTimeout() != null) {
      Json.putDuration(o, "failureTimeout", m.failureTimeout());
    }
    if (m.targetRole() != null) {
      o.put("targetRole", m.targetRole().name());
    }
    if (m.managed() != null) {
      o.put("managed", m.managed());
    }
    if (m.priority() != null) {
      o.put("priority", m.priority());
    }
    return o;
  }

  static ClusterConfig read(JsonNode root) {
    int format = root.path("format").asInt(0);
    if (format != FORMAT) {
      throw new IllegalStateException("stored configuration has format " + format + ", this ha4j reads " + FORMAT);
    }
    List<Node> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      nodes.add(new Node(Json.str(n, "name"), n.path("standby").asBoolean(false), n.path("maintenance").asBoolean(false)));
    }
    List<Resource> resources = new ArrayList<>();
    for (JsonNode r : root.path("resources")) {
      if ("group".equals(Json.str(r, "kind"))) {
        List<Primitive> members = new ArrayList<>();
        for (JsonNode m : r.path("members")) {
          members.add(readPrimitive(m));
        }
        resources.add(new Group(Json.str(r, "id"), members, readMeta(r.path("meta"))));
      } else {
        resources.add(readPrimitive(r));
      }
    }
    List<Constraint> constraints = new ArrayList<>();
    for (JsonNode k : root.path("constraints")) {
      switch (Json.str(k, "kind")) {
        case "location" -> constraints.add(new Location(Json.str(k, "id"), Json.str(k, "resource"),
            Json.str(k, "node"), k.path("score").asInt(), Json.instant(k, "expires")));
        case "colocation" -> constraints.add(new Colocation(Json.str(k, "id"), Json.str(k, "resource"),
            Json.str(k, "with"), k.path("score").asInt()));
        case "order" -> constraints.add(new Order(Json.str(k, "id"), Json.str(k, "first"), Json.str(k, "then"),
            OrderKind.valueOf(Json.str(k, "orderKind")), k.path("symmetrical").asBoolean(true)));
        default -> throw new IllegalStateException("unknown constraint kind in stored configuration: " + k);
      }
    }
    JsonNode p = root.path("properties");
    ClusterProperties props = p.isMissingNode() ? null : new ClusterProperties(
        p.path("symmetricCluster").asBoolean(true),
        NoQuorumPolicy.valueOf(Json.str(p, "noQuorumPolicy")),
        p.path("stonithEnabled").asBoolean(true),
        p.path("watchdogFencing").asBoolean(true),
        p.path("startFailureIsFatal").asBoolean(true),
        p.path("maintenanceMode").asBoolean(false));
    return new ClusterConfig(root.path("version").asLong(0), nodes, resources, constraints,
        readMeta(root.path("resourceDefaults")), props);
  }

  private static Primitive readPrimitive(JsonNode o) {
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.path("parameters").properties()) {
      params.put(e.getKey(), e.getValue().stringValue());
    }
    List<Operation> ops = new ArrayList<>();
    for (JsonNode x : o.path("operations")) {
      String onFail = Json.str(x, "onFail");
      ops.add(new Operation(Json.str(x, "name"), Json.duration(x, "interval"), Json.duration(x, "timeout"),
          onFail == null ? null : OnFail.valueOf(onFail)));
    }
    return new Primitive(Json.str(o, "id"), Json.str(o, "agent"), params, ops, readMeta(o.path("meta")));
  }

  private static ResourceMeta readMeta(JsonNode o) {
    if (o.isMissingNode() || o.isNull()) {
      return ResourceMeta.EMPTY;
    }
    String role = Json.str(o, "targetRole");
    Duration ft = Json.duration(o, "failureTimeout");
    return new ResourceMeta(
        o.has("stickiness") ? o.get("stickiness").asInt() : null,
        o.has("migrationThreshold") ? o.get("migrationThreshold").asInt() : null,
        ft,
        role == null ? null : TargetRole.valueOf(role),
        o.has("managed") ? o.get("managed").asBoolean() : null,
        o.has("priority") ? o.get("priority").asInt() : null);
  }
}
