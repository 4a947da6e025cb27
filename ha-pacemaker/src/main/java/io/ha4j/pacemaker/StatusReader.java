package io.ha4j.pacemaker;

import io.ha4j.ClusterProperties;
import io.ha4j.ClusterState;
import io.ha4j.FailCount;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.ObservedRole;
import io.ha4j.Primitive;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import io.ha4j.pacemaker.ConfigReader.CibNode;
import io.ha4j.pacemaker.HistoryReplay.Fail;
import io.ha4j.pacemaker.HistoryReplay.Outcome;
import io.ha4j.pacemaker.HistoryReplay.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Reads the {@code <status>} section into a {@link ClusterState}: quorum, each node's status
 * (lib/pengine/unpack.c: determine_online_status_*), each primitive's state per node from its
 * operation history ({@link HistoryReplay}, then process_rsc_state), and fail counts from the
 * transient attributes (lib/pengine/failcounts.c: pe_get_failcount).
 */
final class StatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);

  /** What is known of a node while the status is read. */
  private static final class NodeInfo {
    final CibNode config;
    final Map<String, String> attributes;
    boolean online;
    boolean unclean;
    boolean pending;
    boolean shutdown;

    NodeInfo(CibNode config) {
      this.config = config;
      this.attributes = new LinkedHashMap<>(config.attributes());
    }
  }

  private final AttributeSets sets;
  private final Problems problems;
  private final ConfigReader.Result config;
  private final ClusterProperties properties;
  private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();

  StatusReader(AttributeSets sets, Problems problems, ConfigReader.Result config) {
    this.sets = sets;
    this.problems = problems;
    this.config = config;
    this.properties = config.config().properties();
    for (CibNode n : config.nodes()) {
      NodeInfo info = new NodeInfo(n);
      // never seen: unclean (startup-fencing) when fencing is on, else simply offline
      info.unclean = properties.stonithEnabled();
      nodes.putIfAbsent(n.name(), info);
    }
  }

  ClusterState read(Element cib) {
    ClusterState.Builder state = ClusterState.builder().quorate(quorum(cib));
    Element status = Xml.child(cib, "status");
    List<Element> nodeStates = new ArrayList<>();
    for (Element e : Xml.children(status, "node_state")) {
      NodeInfo node = node(e);
      if (node != null) {
        nodeStates.add(e);
        nodeState(e, node);
      }
    }
    Map<String, ResourceNodeState> resources = new LinkedHashMap<>();
    for (Element e : nodeStates) {
      NodeInfo node = node(e);
      if (!properties.stonithEnabled() && !node.online) {
        continue; // without fencing, a node that is not online has no trustworthy history
      }
      Element lrmResources = Xml.child(Xml.child(e, "lrm"), "lrm_resources");
      for (Element lrm : Xml.children(lrmResources, "lrm_resource")) {
        history(lrm, node, resources);
      }
    }
    resources.values().forEach(state::resource);
    for (NodeInfo n : nodes.values()) {
      NodeStatus s = n.unclean ? NodeStatus.UNCLEAN
          : !n.online ? NodeStatus.OFFLINE
          : n.pending ? NodeStatus.PENDING
          : NodeStatus.ONLINE;
      boolean standby = ConfigReader.isTrue(n.attributes.get("standby")) || n.shutdown;
      state.node(new NodeState(n.config.name(), s, standby, ConfigReader.isTrue(n.attributes.get("maintenance"))));
    }
    failCounts(cib, state);
    return state.build();
  }

  private boolean quorum(Element cib) {
    String text = Xml.attr(cib, "have-quorum");
    if (text == null) {
      return false;
    }
    Boolean b = Values.bool(text);
    if (b == null) {
      problems.add(cib, "have-quorum", "not a boolean: '" + text + "'");
      return false;
    }
    return b;
  }

  /** The configured node a node_state is about (by id, then by name), or null. */
  private NodeInfo node(Element nodeState) {
    String id = Xml.attr(nodeState, "id");
    String uname = Xml.attr(nodeState, "uname");
    if (id == null || uname == null) {
      problems.add(nodeState, id == null ? "id" : "uname", "missing");
      return null;
    }
    for (NodeInfo n : nodes.values()) {
      if (n.config.id().equals(id)) {
        return n;
      }
    }
    NodeInfo byName = nodes.get(uname);
    if (byName == null) {
      LOG.debug("{}: ignoring the state of {}, which is not a configured node", Xml.path(nodeState), uname);
    }
    return byName;
  }

  private void nodeState(Element e, NodeInfo n) {
    sets.readInto(n.attributes, Xml.child(e, "transient_attributes"), "instance_attributes", null, true);
    n.unclean = false;
    String shutdown = n.attributes.get("shutdown");
    n.shutdown = shutdown != null && !shutdown.equals("0");
    boolean expectedUp = !n.shutdown && "member".equalsIgnoreCase(Xml.attr(e, "expected"));
    String inCcm = Xml.attr(e, "in_ccm");
    String join = Xml.attr(e, "join");
    boolean crmdOnline = "online".equalsIgnoreCase(Xml.attr(e, "crmd"));
    if (!properties.stonithEnabled()) {
      if (!ConfigReader.isTrue(inCcm)) {
        n.online = false;
      } else if (crmdOnline) {
        n.online = "member".equalsIgnoreCase(join);
      } else if (expectedUp) {
        n.unclean = true; // "peer is unexpectedly down"
      }
      return;
    }
    String expected = Xml.attr(e, "expected") == null ? "down" : Xml.attr(e, "expected");
    String terminate = n.attributes.get("terminate");
    boolean doTerminate = ConfigReader.isTrue(terminate) || (terminate != null && !terminate.isEmpty()
        && terminate.charAt(0) != '0' && Character.isDigit(terminate.charAt(0)));
    boolean inCluster = ConfigReader.isTrue(inCcm);
    n.online = inCluster;
    if (n.shutdown) {
      n.online = crmdOnline;
    } else if (inCcm == null) {
      n.unclean = true; // "peer has not been seen by the cluster"
    } else if ("banned".equalsIgnoreCase(join)) {
      n.unclean = true;
    } else if (!doTerminate && expected.equalsIgnoreCase("down")) {
      if (inCluster || crmdOnline) {
        n.pending = true;
      }
    } else if (doTerminate && "down".equalsIgnoreCase(join) && !inCluster && !crmdOnline) {
      n.online = false; // "was just shot"
    } else if (!inCluster) {
      n.unclean = true; // "peer is no longer part of the cluster"
    } else if (!crmdOnline) {
      n.unclean = true; // "peer process is no longer available"
    } else if (doTerminate) {
      n.unclean = true;
    } else if ("member".equalsIgnoreCase(join)) {
      n.online = true;
    } else if ("pending".equalsIgnoreCase(join) || "down".equalsIgnoreCase(join)) {
      n.pending = true;
    } else {
      n.unclean = true; // "peer was in an unknown state"
    }
  }

  private void history(Element lrm, NodeInfo node, Map<String, ResourceNodeState> out) {
    String id = Xml.attr(lrm, "id");
    if (id == null) {
      problems.add(lrm, "id", "missing");
      return;
    }
    ResourceReader.PrimitiveFacts facts = config.primitives().get(id);
    List<HistoryReplay.Op> ops = HistoryReplay.parse(lrm, problems);
    if (facts == null || ops.isEmpty()) {
      if (facts == null) {
        LOG.debug("{}: skipping the history of {}, which is not configured (orphan)", Xml.path(lrm), id);
      }
      return;
    }
    HistoryReplay.Context ctx = new HistoryReplay.Context(id, facts, properties.stonithEnabled(),
        node.online, node.unclean);
    Outcome outcome = HistoryReplay.replay(ops, ctx, false);
    boolean active = outcome.role() == Role.STARTED;
    // process_rsc_state: a managed resource active on a node that is not online makes the node
    // unclean ("thought to be active there"). That is the scheduler's to decide, after it has
    // applied failure-timeout: an expired failed start leaves nothing active to fence for.
    Fail onFail = outcome.onFail(); // the scheduler ignores failures on unclean nodes, after expiry
    if (onFail == Fail.FENCE) {
      node.unclean = true; // "<rsc> failed there"
    }
    boolean failed = active && onFail != Fail.IGNORE;
    Role role = outcome.role();
    Instant failedAt = null;
    if (failed) {
      role = HistoryReplay.replay(ops, ctx, true).role();
      failedAt = outcome.untimedFailure() ? null : outcome.failedAt();
    }
    String nodeName = node.config.name();
    out.put(id + "\u0000" + nodeName, new ResourceNodeState(id, nodeName, observed(role), failed, failedAt,
        outcome.stopFailed(), outcome.banned() || outcome.bannedEverywhere()));
    if (outcome.bannedEverywhere()) {
      for (NodeInfo other : nodes.values()) {
        String key = id + "\u0000" + other.config.name();
        ResourceNodeState s = out.get(key);
        out.put(key, s == null
            ? new ResourceNodeState(id, other.config.name(), ObservedRole.UNKNOWN, false, null, false, true)
            : new ResourceNodeState(id, s.node(), s.role(), s.failed(), s.failedAt(), s.stopFailed(), true));
      }
    }
  }

  private static ObservedRole observed(Role role) {
    return switch (role) {
      case STARTED -> ObservedRole.STARTED;
      case STOPPED -> ObservedRole.STOPPED;
      case UNKNOWN -> ObservedRole.UNKNOWN;
    };
  }

  /**
   * Fail counts: the sum of a node's attributes {@code fail-count-RSC} (CIB feature set below 3.0.13
   * or missing) or {@code fail-count-RSC#OP_INTERVAL} (newer), and the latest
   * {@code last-failure-*} with the same naming.
   */
  private void failCounts(Element cib, ClusterState.Builder state) {
    boolean legacy = compareVersion(Xml.attr(cib, "crm_feature_set"), "3.0.13") < 0;
    Element status = Xml.child(cib, "status");
    String suffix = legacy ? "" : "#.+_[0-9]+";
    List<Primitive> primitives = config.config().primitives();
    Pattern[] counts = new Pattern[primitives.size()]; // compiled on first use, once per primitive
    Pattern[] lasts = new Pattern[primitives.size()];
    for (NodeInfo n : nodes.values()) {
      if (n.attributes.keySet().stream().noneMatch(k -> k.startsWith("fail-count-"))) {
        continue; // the common case: no failures on this node
      }
      for (int pi = 0; pi < primitives.size(); pi++) {
        Primitive p = primitives.get(pi);
        if (counts[pi] == null) {
          counts[pi] = Pattern.compile("fail-count-" + posixLike(p.id()) + suffix);
          lasts[pi] = Pattern.compile("last-failure-" + posixLike(p.id()) + suffix);
        }
        Pattern count = counts[pi];
        Pattern last = lasts[pi];
        int total = 0;
        long latest = 0;
        for (Map.Entry<String, String> a : n.attributes.entrySet()) {
          if (count.matcher(a.getKey()).matches()) {
            Integer v = Values.score(a.getValue());
            if (v == null) {
              problems.add(attributePath(status, n, a.getKey()), "not a score: '" + a.getValue() + "'");
            } else {
              total = Score.add(total, v);
            }
          } else if (last.matcher(a.getKey()).matches()) {
            Long v = Values.integer(a.getValue());
            if (v == null) {
              problems.add(attributePath(status, n, a.getKey()), "not a Unix time: '" + a.getValue() + "'");
            } else {
              latest = Math.max(latest, v);
            }
          }
        }
        if (total > 0) {
          state.failCount(new FailCount(p.id(), n.config.name(), total,
              latest > 0 ? Instant.ofEpochSecond(latest) : null));
        }
      }
    }
  }

  /** Resource ids are used unquoted in Pacemaker's POSIX regex; only '.' is special in an XML id. */
  private static String posixLike(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("\\.", -1)) {
      if (b.length() > 0) {
        b.append('.');
      }
      if (!part.isEmpty()) {
        b.append(Pattern.quote(part));
      }
    }
    return b.toString();
  }

  private static String attributePath(Element status, NodeInfo n, String name) {
    return (status == null ? "status" : Xml.path(status)) + "/node_state[" + n.config.id()
        + "]/transient_attributes/instance_attributes/nvpair[" + name + "]/@value";
  }

  /** Pacemaker's compare_version: dotted numbers, a missing version is the lowest. */
  static int compareVersion(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long u = i < x.length ? leadingNumber(x[i]) : 0;
      long v = i < y.length ? leadingNumber(y[i]) : 0;
      if (u != v) {
        return u < v ? -1 : 1;
      }
    }
    return 0;
  }

  private static long leadingNumber(String s) {
    int end = 0;
    while (end < s.length() && end < 18 && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Long.parseLong(s.substring(0, end));
  }
}
