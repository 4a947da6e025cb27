package io.ha4j.cli;

import io.ha4j.ClusterStatus;
import io.ha4j.ClusterStatus.ConstraintInfo;
import io.ha4j.ClusterStatus.FailCountInfo;
import io.ha4j.ClusterStatus.FailedAction;
import io.ha4j.ClusterStatus.NodeInfo;
import io.ha4j.ClusterStatus.ResourceInfo;
import io.ha4j.NodeStatus;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders {@link ClusterStatus} like {@code pcs status}, or as JSON for machines. */
final class StatusText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StatusText() {}

  static String time(Instant t) {
    return t == null ? "never" : TIME.format(t);
  }

  /** The role column of one primitive: {@code Started node1}, {@code Stopped (disabled)}, {@code FAILED node2}. */
  static String role(ResourceInfo r) {
    StringBuilder b = new StringBuilder();
    if (r.activeOn().isEmpty()) {
      b.append(r.failed() ? "FAILED" : "Stopped");
    } else if (r.activeOn().size() == 1) {
      b.append(r.failed() ? "FAILED " : "Started ").append(r.activeOn().get(0));
    } else {
      b.append("ACTIVE ON ").append(r.activeOn().size()).append(" NODES [ ").append(String.join(" ", r.activeOn()))
          .append(" ]");
    }
    List<String> flags = new ArrayList<>();
    if (r.targetRole() == TargetRole.STOPPED) {
      flags.add("disabled");
    }
    if (!r.managed()) {
      flags.add("unmanaged");
    }
    if (!flags.isEmpty()) {
      b.append(" (").append(String.join(", ", flags)).append(")");
    }
    return b.toString();
  }

  static String render(ClusterStatus s) {
    StringBuilder b = new StringBuilder();
    b.append("Cluster Summary:\n");
    b.append("  * Current leader: ").append(s.leader() == null ? "NONE" : s.leader())
        .append(" (epoch ").append(s.epoch()).append(") - ")
        .append(s.quorate() ? "partition with quorum" : "NO QUORUM (seen by " + s.reportedBy() + ")").append('\n');
    b.append("  * Last updated: ").append(time(s.at())).append(" by ").append(s.reportedBy()).append('\n');
    b.append("  * ").append(s.nodes().size()).append(" nodes configured\n");
    b.append("  * ").append(s.resources().size()).append(" resource instances configured (configuration version ")
        .append(s.configVersion()).append(")\n");
    if (s.maintenanceMode()) {
      b.append("\n              *** Resource management is DISABLED ***\n");
      b.append("  The cluster will not attempt to start, stop or recover services\n");
    }

    b.append("\nNode List:\n");
    List<String> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    for (NodeInfo n : s.nodes()) {
      if (n.status() == NodeStatus.UNCLEAN) {
        b.append("  * Node ").append(n.name()).append(": UNCLEAN (offline)\n");
      } else if (n.status() == NodeStatus.ONLINE && (n.standby() || n.maintenance())) {
        b.append("  * Node ").append(n.name()).append(": ").append(n.standby() ? "standby" : "maintenance").append('\n');
      } else if (n.status() == NodeStatus.ONLINE) {
        online.add(n.name());
      } else {
        offline.add(n.name() + (n.standby() ? " (standby)" : ""));
      }
    }
    if (!online.isEmpty()) {
      b.append("  * Online: [ ").append(String.join(" ", online)).append(" ]\n");
    }
    if (!offline.isEmpty()) {
      b.append("  * OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
    }

    b.append("\nFull List of Resources:\n");
    if (s.resources().isEmpty()) {
      b.append("  * No resources\n");
    }
    Map<String, List<ResourceInfo>> groups = new LinkedHashMap<>();
    for (ResourceInfo r : s.resources()) {
      groups.computeIfAbsent(r.group() == null ? "\0" + r.id() : r.group(), k -> new ArrayList<>()).add(r);
    }
    groups.forEach((key, members) -> {
      boolean group = !key.startsWith("\0");
      String indent = group ? "    " : "  ";
      if (group) {
        b.append("  * Resource Group: ").append(key).append(":\n");
      }
      for (ResourceInfo r : members) {
        b.append(indent).append("* ").append(r.id()).append("\t(").append(r.agent()).append("):\t ").append(role(r))
            .append('\n');
      }
    });

    if (!s.failCounts().isEmpty()) {
      b.append("\nMigration Summary:\n");
      for (FailCountInfo f : s.failCounts()) {
        b.append("  * ").append(f.resource()).append(" on ").append(f.node()).append(": fail-count=")
            .append(Score.format(f.count())).append(" last-failure=").append(time(f.lastFailure()))
            .append(f.expires() == null ? " (never expires)" : " expires=" + time(f.expires())).append('\n');
      }
    }
    if (!s.failedActions().isEmpty()) {
      b.append("\nFailed Resource Actions:\n");
      for (FailedAction a : s.failedActions()) {
        b.append("  * ").append(a.resource()).append(' ').append(a.operation()).append(" on ").append(a.node())
            .append(" '").append(a.status()).append("'")
            .append(a.message() == null || a.message().isEmpty() ? "" : ": " + a.message())
            .append(" at ").append(time(a.at())).append('\n');
      }
    }
    if (!s.constraints().isEmpty()) {
      b.append("\nMove/ban constraints:\n");
      for (ConstraintInfo c : s.constraints()) {
        b.append("  * ").append(c.id()).append(": ").append(c.resource())
            .append(c.score() > 0 ? " prefers " : " avoids ").append(c.node()).append(" (")
            .append(Score.format(c.score())).append(")")
            .append(c.expires() == null ? "" : " until " + time(c.expires())).append('\n');
      }
    }
    return b.toString();
  }

  static ObjectNode json(ClusterStatus s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("at", s.at().toString());
    root.put("reportedBy", s.reportedBy());
    root.put("quorate", s.quorate());
    root.put("leader", s.leader());
    root.put("epoch", s.epoch());
    root.put("configVersion", s.configVersion());
    root.put("maintenanceMode", s.maintenanceMode());
    ArrayNode nodes = root.putArray("nodes");
    for (NodeInfo n : s.nodes()) {
      nodes.addObject().put("name", n.name()).put("status", n.status().name()).put("standby", n.standby())
          .put("maintenance", n.maintenance());
    }
    ArrayNode resources = root.putArray("resources");
    for (ResourceInfo r : s.resources()) {
      ObjectNode o = resources.addObject().put("id", r.id()).put("group", r.group()).put("agent", r.agent())
          .put("role", r.role().name()).put("failed", r.failed()).put("managed", r.managed())
          .put("targetRole", r.targetRole().name());
      ArrayNode on = o.putArray("activeOn");
      r.activeOn().forEach(on::add);
    }
    ArrayNode failCounts = root.putArray("failCounts");
    for (FailCountInfo f : s.failCounts()) {
      failCounts.addObject().put("resource", f.resource()).put("node", f.node()).put("count", f.count())
          .put("lastFailure", str(f.lastFailure())).put("expires", str(f.expires()));
    }
    ArrayNode failed = root.putArray("failedActions");
    for (FailedAction a : s.failedActions()) {
      failed.addObject().put("resource", a.resource()).put("node", a.node()).put("operation", a.operation())
          .put("status", a.status()).put("message", a.message()).put("at", str(a.at()));
    }
    ArrayNode constraints = root.putArray("constraints");
    for (ConstraintInfo c : s.constraints()) {
      constraints.addObject().put("id", c.id()).put("resource", c.resource()).put("node", c.node())
          .put("score", Score.format(c.score())).put("expires", str(c.expires()));
    }
    return root;
  }

  static String jsonText(ClusterStatus s) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(s));
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }
}
