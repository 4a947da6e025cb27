package io.ha4j.pacemaker;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.ClusterState;
import io.ha4j.Colocation;
import io.ha4j.Constraint;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.Node;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.ObservedRole;
import io.ha4j.OnFail;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ClusterConfig} and a {@link ClusterState} as a Pacemaker CIB (configuration and
 * status), which {@code crm_simulate -x FILE -S} (Pacemaker 2.1.5) and {@link Cib#read} accept.
 *
 * <p>The status section is synthesized operation history: a stopped primitive gets a probe
 * ({@code monitor_0}, rc 7); a started one a start and its recurring monitors (rc 0); a failed one a
 * failed recurring monitor (rc 7; a failed start, rc 1, when it has no monitor or is stopped); a
 * failed stop a stop with rc 1; a ban a probe with rc 5 (not installed). Every operation carries the
 * {@code op-digest} Pacemaker computes from the primitive's parameters, so the simulator sees no
 * "resource definition change". Fail counts are transient node attributes with the legacy names
 * {@code fail-count-RSC} and {@code last-failure-RSC}; the {@code <cib>} therefore declares no
 * {@code crm_feature_set}.
 *
 * <p>Node ids are the node names. A location with an expiry is written as a rule with a
 * {@code date_expression}, as {@code crm_resource --move --lifetime} does. Observations of
 * primitives that are not configured are left out. {@link ClusterProperties#watchdogFencing()} has
 * no CIB equivalent and is not written. Stateless and thread-safe.
 */
public final class CibWriter {

  private static final int DEFAULT_TIMEOUT_MS = 20_000;

  private CibWriter() {}

  /**
   * The CIB text.
   *
   * @param executionDate written as {@code execution-date}, the simulator's "now"; {@code null} for none
   */
  public static String toXml(ClusterConfig config, ClusterState state, Instant executionDate) {
    return new Writer(config, state, executionDate).write();
  }

  /** Writes the CIB text to {@code file} (UTF-8). */
  public static void write(ClusterConfig config, ClusterState state, Instant executionDate, Path file)
      throws IOException {
    Files.writeString(file, toXml(config, state, executionDate), StandardCharsets.UTF_8);
  }

  /**
   * Pacemaker's {@code op-digest} of an operation: the MD5 of {@code " <parameters a="1" b="2"/>\n"}
   * holding the primitive's parameters, sorted by name and XML-escaped, plus, for a recurring
   * operation, {@code CRM_meta_timeout} in milliseconds.
   */
  static String operationDigest(Map<String, String> parameters, long intervalMs, long timeoutMs) {
    TreeMap<String, String> sorted = new TreeMap<>(parameters);
    if (intervalMs > 0) {
      sorted.put("CRM_meta_timeout", Long.toString(timeoutMs));
    }
    StringBuilder s = new StringBuilder(" <parameters");
    sorted.forEach((k, v) -> s.append(' ').append(k).append("=\"").append(digestEscape(v)).append('"'));
    s.append("/>\n");
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** Pacemaker 2.1.5's escaping of attribute values in digests (newline becomes a literal {@code \n}). */
  private static String digestEscape(String v) {
    StringBuilder out = new StringBuilder(v.length());
    for (char c : v.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** One writing pass; not thread-safe. */
  private static final class Writer {
    private final ClusterConfig config;
    private final ClusterState state;
    private final Instant executionDate;
    private final StringBuilder x = new StringBuilder();

    Writer(ClusterConfig config, ClusterState state, Instant executionDate) {
      this.config = config;
      this.state = state;
      this.executionDate = executionDate;
    }

    String write() {
      x.append("<cib validate-with=\"pacemaker-3.0\" epoch=\"").append(config.version())
          .append("\" num_updates=\"0\" admin_epoch=\"0\" have-quorum=\"").append(state.quorate() ? 1 : 0).append('"');
      config.nodes().stream()
          .filter(n -> state.node(n.name()).map(s -> s.status() == NodeStatus.ONLINE).orElse(false))
          .findFirst()
          .ifPresent(n -> x.append(" dc-uuid=\"").append(esc(n.name())).append('"'));
      if (executionDate != null) {
        x.append(" execution-date=\"").append(executionDate.getEpochSecond()).append('"');
      }
      x.append(">\n  <configuration>\n");
      properties(config.properties());
      nodes();
      x.append("    <resources>\n");
      for (Resource r : config.resources()) {
        if (r instanceof Group g) {
          x.append("      <group id=\"").append(esc(g.id())).append("\">\n");
          meta("        ", g.id() + "-meta_attributes", g.meta());
          for (Primitive p : g.members()) {
            primitive("        ", p);
          }
          x.append("      </group>\n");
        } else if (r instanceof Primitive p) {
          primitive("      ", p);
        }
      }
      x.append("    </resources>\n");
      constraints();
      if (!isEmpty(config.resourceDefaults())) {
        x.append("    <rsc_defaults>\n");
        meta("      ", "rsc-options", config.resourceDefaults());
        x.append("    </rsc_defaults>\n");
      }
      x.append("  </configuration>\n  <status>\n");
      for (Node n : config.nodes()) {
        nodeState(n);
      }
      x.append("  </status>\n</cib>\n");
      return x.toString();
    }

    private void properties(ClusterProperties p) {
      x.append("    <crm_config>\n      <cluster_property_set id=\"cib-bootstrap-options\">\n");
      nvpair("        ", "cib-bootstrap-options", "stonith-enabled", Boolean.toString(p.stonithEnabled()));
      nvpair("        ", "cib-bootstrap-options", "no-quorum-policy", p.noQuorumPolicy().name().toLowerCase(Locale.ROOT));
      nvpair("        ", "cib-bootstrap-options", "symmetric-cluster", Boolean.toString(p.symmetricCluster()));
      nvpair("        ", "cib-bootstrap-options", "start-failure-is-fatal", Boolean.toString(p.startFailureIsFatal()));
      nvpair("        ", "cib-bootstrap-options", "maintenance-mode", Boolean.toString(p.maintenanceMode()));
      x.append("      </cluster_property_set>\n    </crm_config>\n");
    }

    private void nodes() {
      x.append("    <nodes>\n");
      for (Node n : config.nodes()) {
        x.append("      <node id=\"").append(esc(n.name())).append("\" uname=\"").append(esc(n.name())).append('"');
        if (!n.standby() && !n.maintenance()) {
          x.append("/>\n");
          continue;
        }
        String set = "nodes-" + n.name();
        x.append(">\n        <instance_attributes id=\"").append(esc(set)).append("\">\n");
        if (n.standby()) {
          nvpair("          ", set, "standby", "on");
        }
        if (n.maintenance()) {
          nvpair("          ", set, "maintenance", "true");
        }
        x.append("        </instance_attributes>\n      </node>\n");
      }
      x.append("    </nodes>\n");
    }

    private void primitive(String indent, Primitive p) {
      String[] agent = agent(p.agent());
      x.append(indent).append("<primitive id=\"").append(esc(p.id())).append("\" class=\"").append(esc(agent[0]))
          .append('"');
      if (agent[1] != null) {
        x.append(" provider=\"").append(esc(agent[1])).append('"');
      }
      x.append(" type=\"").append(esc(agent[2])).append("\">\n");
      if (!p.parameters().isEmpty()) {
        String set = p.id() + "-instance_attributes";
        x.append(indent).append("  <instance_attributes id=\"").append(esc(set)).append("\">\n");
        p.parameters().forEach((k, v) -> nvpair(indent + "    ", set, k, v));
        x.append(indent).append("  </instance_attributes>\n");
      }
      meta(indent + "  ", p.id() + "-meta_attributes", p.meta());
      if (!p.operations().isEmpty()) {
        x.append(indent).append("  <operations>\n");
        for (Operation op : p.operations()) {
          long interval = millis(op.interval());
          x.append(indent).append("    <op id=\"").append(esc(p.id() + "-" + op.name() + "-interval-" + interval))
              .append("\" name=\"").append(esc(op.name())).append("\" interval=\"").append(duration(op.interval()))
              .append('"');
          if (op.timeout() != null) {
            x.append(" timeout=\"").append(duration(op.timeout())).append('"');
          }
          boolean defaultOnFail = op.onFail() == null || op.onFail() == OnFail.RESTART
              || ("stop".equals(op.name()) && op.onFail() == OnFail.FENCE);
          if (!defaultOnFail) {
            x.append(" on-fail=\"").append(op.onFail().name().toLowerCase(Locale.ROOT)).append('"');
          }
          x.append("/>\n");
        }
        x.append(indent).append("  </operations>\n");
      }
      x.append(indent).append("</primitive>\n");
    }

    private void meta(String indent, String set, ResourceMeta m) {
      if (isEmpty(m)) {
        return;
      }
      x.append(indent).append("<meta_attributes id=\"").append(esc(set)).append("\">\n");
      String in = indent + "  ";
      if (m.stickiness() != null) {
        nvpair(in, set, "resource-stickiness", Score.format(m.stickiness()));
      }
      if (m.migrationThreshold() != null) {
        nvpair(in, set, "migration-threshold", Score.format(m.migrationThreshold()));
      }
      if (m.failureTimeout() != null) {
        nvpair(in, set, "failure-timeout", duration(m.failureTimeout()));
      }
      if (m.targetRole() != null) {
        nvpair(in, set, "target-role", m.targetRole() == TargetRole.STOPPED ? "Stopped" : "Started");
      }
      if (m.managed() != null) {
        nvpair(in, set, "is-managed", m.managed().toString());
      }
      if (m.priority() != null) {
        nvpair(in, set, "priority", m.priority().toString());
      }
      x.append(indent).append("</meta_attributes>\n");
    }

    private void constraints() {
      if (config.constraints().isEmpty()) {
        x.append("    <constraints/>\n");
        return;
      }
      x.append("    <constraints>\n");
      for (Constraint c : config.constraints()) {
        if (c instanceof Location l) {
          x.append("      <rsc_location id=\"").append(esc(l.id())).append("\" rsc=\"").append(esc(l.resource()))
              .append('"');
          if (l.expires() == null) {
            x.append(" node=\"").append(esc(l.node())).append("\" score=\"").append(Score.format(l.score()))
                .append("\"/>\n");
          } else {
            String rule = l.id() + "-rule";
            x.append(">\n        <rule id=\"").append(esc(rule)).append("\" score=\"").append(Score.format(l.score()))
                .append("\" boolean-op=\"and\">\n")
                .append("          <expression id=\"").append(esc(rule + "-expression")).append("\" attribute=\"#uname\"")
                .append(" operation=\"eq\" value=\"").append(esc(l.node())).append("\"/>\n")
                .append("          <date_expression id=\"").append(esc(rule + "-lifetime"))
                .append("\" operation=\"lt\" end=\"")
                .append(DateTimeFormatter.ISO_INSTANT.format(l.expires())).append("\"/>\n")
                .append("        </rule>\n      </rsc_location>\n");
          }
        } else if (c instanceof Colocation c2) {
          x.append("      <rsc_colocation id=\"").append(esc(c2.id())).append("\" rsc=\"").append(esc(c2.resource()))
              .append("\" with-rsc=\"").append(esc(c2.withResource())).append("\" score=\"")
              .append(Score.format(c2.score())).append("\"/>\n");
        } else if (c instanceof Order o) {
          x.append("      <rsc_order id=\"").append(esc(o.id())).append("\" first=\"").append(esc(o.first()))
              .append("\" then=\"").append(esc(o.then())).append("\" kind=\"")
              .append(o.kind() == OrderKind.OPTIONAL ? "Optional" : "Mandatory").append("\" symmetrical=\"")
              .append(o.symmetrical()).append("\"/>\n");
        }
      }
      x.append("    </constraints>\n");
    }

    private void nodeState(Node n) {
      NodeState ns = state.node(n.name()).orElse(NodeState.of(n.name(), NodeStatus.OFFLINE));
      String membership = switch (ns.status()) {
        case ONLINE -> "in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"";
        case PENDING -> "in_ccm=\"true\" crmd=\"online\" join=\"pending\" expected=\"member\"";
        case OFFLINE -> "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"";
        case UNCLEAN -> "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\"";
      };
      x.append("    <node_state id=\"").append(esc(n.name())).append("\" uname=\"").append(esc(n.name()))
          .append("\" ").append(membership).append(">\n");

      List<String[]> attributes = new ArrayList<>();
      if (ns.standby() && !n.standby()) {
        attributes.add(new String[] {"standby", "on"});
      }
      if (ns.maintenance() && !n.maintenance()) {
        attributes.add(new String[] {"maintenance", "true"});
      }
      for (FailCount f : state.failCounts()) {
        if (f.node().equals(n.name()) && f.count() > 0) {
          attributes.add(new String[] {"fail-count-" + f.resource(), Score.format(f.count())});
          if (f.lastFailure() != null) {
            attributes.add(new String[] {"last-failure-" + f.resource(), Long.toString(f.lastFailure().getEpochSecond())});
          }
        }
      }
      if (!attributes.isEmpty()) {
        String set = "status-" + n.name();
        x.append("      <transient_attributes id=\"").append(esc(n.name())).append("\">\n")
            .append("        <instance_attributes id=\"").append(esc(set)).append("\">\n");
        for (String[] a : attributes) {
          nvpair("          ", set, a[0], a[1]);
        }
        x.append("        </instance_attributes>\n      </transient_attributes>\n");
      }

      x.append("      <lrm id=\"").append(esc(n.name())).append("\">\n        <lrm_resources>\n");
      int[] callId = {1};
      for (Primitive p : config.primitives()) {
        for (ResourceNodeState r : state.resources()) {
          if (r.resource().equals(p.id()) && r.node().equals(n.name())) {
            history(p, r, callId);
          }
        }
      }
      x.append("        </lrm_resources>\n      </lrm>\n    </node_state>\n");
    }

    /** The operations that replay, in call-id order, to what {@code r} says. */
    private void history(Primitive p, ResourceNodeState r, int[] callId) {
      List<String> ops = new ArrayList<>();
      Long failedAt = r.failedAt() == null ? null : r.failedAt().getEpochSecond();
      if (r.banned()) {
        ops.add(op(p, "monitor_0_not_installed", "monitor", 0, 7, 5, callId[0]++, failedAt));
      }
      List<Operation> monitors = p.operations().stream()
          .filter(o -> "monitor".equals(o.name()) && o.interval() != null && !o.interval().isZero())
          .toList();
      boolean started = r.role() == ObservedRole.STARTED;
      if (r.stopFailed()) {
        ops.add(op(p, "last_0", "stop", 0, 0, 1, callId[0]++, failedAt));
        ops.add(op(p, "last_failure_0", "stop", 0, 0, 1, callId[0] - 1, failedAt));
      } else if (r.failed() && (!started || monitors.isEmpty())) {
        ops.add(op(p, "last_0", "start", 0, 0, 1, callId[0]++, failedAt));
        ops.add(op(p, "last_failure_0", "start", 0, 0, 1, callId[0] - 1, failedAt));
      } else if (started) {
        ops.add(op(p, "last_0", "start", 0, 0, 0, callId[0]++, null));
        for (int i = 0; i < monitors.size(); i++) {
          Operation m = monitors.get(i);
          boolean fails = r.failed() && i == 0;
          int call = callId[0]++;
          String key = "monitor_" + millis(m.interval());
          ops.add(op(p, key, m, fails ? 7 : 0, call, fails ? failedAt : null));
          if (fails) {
            ops.add(op(p, "last_failure_0", m, 7, call, failedAt));
          }
        }
      } else if (r.role() == ObservedRole.STOPPED && !r.banned()) {
        ops.add(op(p, "last_0", "monitor", 0, 7, 7, callId[0]++, null));
      }
      if (ops.isEmpty()) {
        return;
      }
      String[] agent = agent(p.agent());
      x.append("          <lrm_resource id=\"").append(esc(p.id())).append("\" class=\"").append(esc(agent[0])).append('"');
      if (agent[1] != null) {
        x.append(" provider=\"").append(esc(agent[1])).append('"');
      }
      x.append(" type=\"").append(esc(agent[2])).append("\">\n");
      for (String op : ops) {
        x.append("            ").append(op).append('\n');
      }
      x.append("          </lrm_resource>\n");
    }

    private String op(Primitive p, String suffix, Operation monitor, int rc, int callId, Long at) {
      long interval = millis(monitor.interval());
      long timeout = monitor.timeout() == null ? DEFAULT_TIMEOUT_MS : millis(monitor.timeout());
      return op(p, suffix, "monitor", interval, timeout, 0, rc, callId, at);
    }

    private String op(Primitive p, String suffix, String operation, long intervalMs, int expectedRc, int rc,
        int callId, Long at) {
      return op(p, suffix, operation, intervalMs, DEFAULT_TIMEOUT_MS, expectedRc, rc, callId, at);
    }

    private String op(Primitive p, String suffix, String operation, long intervalMs, long timeoutMs, int expectedRc,
        int rc, int callId, Long at) {
      String key = callId + ":0:" + expectedRc + ":00000000-0000-0000-0000-000000000000";
      StringBuilder s = new StringBuilder("<lrm_rsc_op id=\"").append(esc(p.id() + "_" + suffix))
          .append("\" operation_key=\"").append(esc(p.id() + "_" + operation + "_" + intervalMs))
          .append("\" operation=\"").append(operation).append("\" crm-debug-origin=\"ha4j\" crm_feature_set=\"3.16.1\"")
          .append(" transition-key=\"").append(key).append("\" transition-magic=\"0:").append(rc).append(';').append(key)
          .append("\" call-id=\"").append(callId).append("\" rc-code=\"").append(rc)
          .append("\" op-status=\"0\" interval=\"").append(intervalMs).append('"');
      if (at != null) {
        s.append(" last-rc-change=\"").append(at).append('"');
      }
      s.append(" exec-time=\"0\" queue-time=\"0\" op-digest=\"")
          .append(operationDigest(p.parameters(), intervalMs, timeoutMs)).append("\"/>");
      return s.toString();
    }

    private void nvpair(String indent, String set, String name, String value) {
      x.append(indent).append("<nvpair id=\"").append(esc(id(set + "-" + name))).append("\" name=\"").append(esc(name))
          .append("\" value=\"").append(esc(value)).append("\"/>\n");
    }
  }

  /** {class, provider or null, type} of an agent string such as {@code ocf:heartbeat:IPaddr2}. */
  private static String[] agent(String agent) {
    int colon = agent.indexOf(':');
    if (colon < 0) {
      return new String[] {"ocf", "heartbeat", agent};
    }
    String cls = agent.substring(0, colon);
    String rest = agent.substring(colon + 1);
    if (cls.equals("ocf")) {
      int second = rest.indexOf(':');
      if (second > 0) {
        return new String[] {cls, rest.substring(0, second), rest.substring(second + 1)};
      }
    }
    return new String[] {cls, null, rest};
  }

  private static boolean isEmpty(ResourceMeta m) {
    return m == null || m.equals(ResourceMeta.EMPTY);
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }

  /** Pacemaker's interval syntax: whole seconds as {@code 10s}, otherwise milliseconds. */
  private static String duration(Duration d) {
    long ms = millis(d);
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  /** An XML ID: characters Pacemaker would not use become '.'. */
  private static String id(String text) {
    return text.replaceAll("[^A-Za-z0-9_.-]", ".");
  }

  private static String esc(String v) {
    StringBuilder out = new StringBuilder(v.length());
    for (char c : v.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\n' -> out.append("&#10;");
        case '\t' -> out.append("&#9;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
