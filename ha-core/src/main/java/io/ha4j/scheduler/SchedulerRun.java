package io.ha4j.scheduler;

import io.ha4j.ClusterConfig;
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
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduling run: unpacks configuration and state into working objects, applies node criteria
 * (locations, stickiness, failure thresholds) and assigns resources to nodes the way Pacemaker 2.1.5
 * does (conformance/SCHEDULER-SEMANTICS.md, sections 1–4 and 8). Actions are derived by
 * {@link ActionPlanner}. Single-use, not thread-safe.
 */
final class SchedulerRun {

  final ClusterConfig config;
  final ClusterState state;
  final Instant now;
  final List<WorkNode> nodes = new ArrayList<>();
  final Map<String, WorkNode> nodesByName = new HashMap<>();
  /** Top-level resources in placement order. */
  final List<WorkResource> top = new ArrayList<>();
  /** Every resource (groups and primitives) by id. */
  final Map<String, WorkResource> byId = new LinkedHashMap<>();
  final Map<String, Map<String, Integer>> scores = new LinkedHashMap<>();
  /** Effective fail counts (after failure-timeout) by {@link #key(String, String)}. */
  private Map<String, Integer> failCounts = Map.of();
  /** Each node's rank in byte order of its name: Pacemaker's last tie-break (strcmp). */
  private int[] nameRank = new int[0];
  /** Node name → index, shared by every score row. */
  private final Map<String, Integer> nodeIndex = new HashMap<>();
  final boolean haveFencingDevice;

  SchedulerRun(ClusterConfig config, ClusterState state, Instant now) {
    this.config = config;
    this.state = state;
    this.now = now;
    boolean device = config.properties().watchdogFencing();
    for (Primitive p : config.primitives()) {
      device |= p.isFencingDevice();
    }
    this.haveFencingDevice = device;
  }

  boolean stonithEnabled() {
    return config.properties().stonithEnabled();
  }

  // ---------------------------------------------------------------- unpacking

  void unpack() {
    for (Node n : config.nodes()) {
      NodeState s = state.nodes().get(n.name());
      NodeStatus status = s == null ? NodeStatus.OFFLINE : s.status();
      WorkNode w = new WorkNode(nodes.size(), n.name(),
          status == NodeStatus.ONLINE || status == NodeStatus.PENDING,
          status == NodeStatus.UNCLEAN,
          status == NodeStatus.PENDING,
          n.standby() || (s != null && s.standby()),
          n.maintenance() || (s != null && s.maintenance()));
      nodes.add(w);
      nodesByName.put(w.name, w);
    }
    List<WorkNode> byName = new ArrayList<>(nodes);
    byName.sort((a, b) -> compareBytes(a.name, b.name));
    nameRank = new int[nodes.size()];
    for (int i = 0; i < byName.size(); i++) {
      nameRank[byName.get(i).index] = i;
      nodeIndex.put(byName.get(i).name, byName.get(i).index);
    }
    int index = 0;
    for (Resource r : config.resources()) {
      if (r instanceof Primitive p) {
        WorkResource w = newResource(p.id(), p, null, index++);
        resolveMeta(w, p.meta(), null);
        top.add(w);
      } else if (r instanceof Group g) {
        WorkResource group = newResource(g.id(), null, null, index++);
        resolveMeta(group, g.meta(), null);
        for (Primitive m : g.members()) {
          WorkResource w = newResource(m.id(), m, group, index++);
          resolveMeta(w, m.meta(), g.meta());
          group.children.add(w);
        }
        top.add(group);
      }
    }
    // stable sort by priority, highest first (Pacemaker's resource order)
    top.sort(Comparator.comparingInt((WorkResource w) -> -w.priority));
    if (config.properties().maintenanceMode()) {
      byId.values().forEach(w -> w.managed = false);
    }
    unpackStatus();
  }

  private WorkResource newResource(String id, Primitive p, WorkResource parent, int index) {
    WorkResource w = new WorkResource(id, p, parent, index, nodes.size());
    int base = config.properties().symmetricCluster() ? 0 : WorkResource.ABSENT;
    java.util.Arrays.fill(w.allowed, base);
    byId.put(id, w);
    return w;
  }

  private void resolveMeta(WorkResource w, ResourceMeta own, ResourceMeta group) {
    ResourceMeta m = own;
    if (group != null) {
      m = m.orElse(group);
    }
    m = m.orElse(config.resourceDefaults()).orElse(ResourceMeta.BUILT_IN);
    w.stickiness = m.stickiness();
    w.migrationThreshold = m.migrationThreshold();
    w.failureTimeout = m.failureTimeout();
    w.targetStopped = m.targetRole() == TargetRole.STOPPED;
    w.managed = m.managed();
    w.priority = m.priority();
    if (w.targetStopped) {
      w.nextStarted = false;
    }
  }

  private void unpackStatus() {
    failCounts = effectiveFailCounts();
    for (ResourceNodeState s : state.resources()) {
      WorkResource w = byId.get(s.resource());
      WorkNode n = nodesByName.get(s.node());
      if (w == null || w.isGroup() || n == null) {
        continue; // orphans and unknown nodes play no part
      }
      if (!n.online && !stonithEnabled()) {
        continue; // without fencing, a node that is not online runs nothing we know of
      }
      boolean failed = s.failed() && !failureExpired(w, s, failCounts.getOrDefault(key(w.id, n.name), 0));
      boolean active = s.role() == ObservedRole.STARTED || failed;
      if (s.banned() || s.stopFailed()) {
        resourceLocation(w, n, -Score.INFINITY);
      }
      if (s.stopFailed()) {
        // a failed stop leaves the resource active: fence the node, or else block the resource
        failed = true;
        active = true;
        if (stonithEnabled()) {
          markUnclean(n); // on-fail=fence: the failure stands, the node is fenced
          n = nodesByName.get(s.node());
          w.failed = true;
          w.failureFencesNode = true;
        } else {
          w.managed = false;
          w.blocked = true;
        }
      }
      if (!active) {
        continue;
      }
      if (w.current == null) {
        w.current = n;
      } else if (w.current != n && !w.alsoRunningOn.contains(n)) {
        w.alsoRunningOn.add(n); // active on several nodes: Pacemaker's multiple-active=stop_start
      }
      if (failed && !n.unclean && (w.managed || w.blocked)) {
        // on a node to be fenced, failures need no recovery of their own; nor on an unmanaged one
        w.failed = true;
        w.needsStop = true;
      }
      if (!w.managed) {
        resourceLocation(w, n, Score.INFINITY);
      }
    }
    // a managed resource active on a node that is not online makes that node unclean (fencing on)
    for (WorkResource w : byId.values()) {
      if (w.current != null && !w.current.online && w.managed && !w.current.unclean) {
        markUnclean(w.current);
      }
      for (WorkNode other : List.copyOf(w.alsoRunningOn)) {
        WorkNode now = nodesByName.get(other.name);
        if (!now.online && w.managed && !now.unclean) {
          markUnclean(now);
        }
      }
    }
    for (WorkResource w : byId.values()) {
      if (w.current != null && w.current.unclean && !w.blocked && !w.failureFencesNode) {
        w.failed = false;
        w.needsStop = false;
      }
    }
  }

  private void markUnclean(WorkNode old) {
    if (old.unclean) {
      return;
    }
    WorkNode unclean = new WorkNode(old.index, old.name, false, true, false, old.standby, old.maintenance);
    nodes.set(old.index, unclean);
    nodesByName.put(old.name, unclean);
    for (WorkResource other : byId.values()) {
      if (other.current == old) {
        other.current = unclean;
      }
      other.alsoRunningOn.replaceAll(n -> n == old ? unclean : n);
    }
  }

  private boolean failureExpired(WorkResource w, ResourceNodeState s, int effectiveFailCount) {
    Duration t = w.failureTimeout;
    if (t.isZero() || s.failedAt() == null) {
      return false;
    }
    return !s.failedAt().plus(t).isAfter(now) && effectiveFailCount <= 0;
  }

  private Map<String, Integer> effectiveFailCounts() {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    for (FailCount f : state.failCounts()) {
      String k = key(f.resource(), f.node());
      counts.merge(k, f.count(), Score::add);
      if (f.lastFailure() != null) {
        last.merge(k, f.lastFailure(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    Map<String, Integer> effective = new HashMap<>();
    counts.forEach((k, c) -> {
      WorkResource w = byId.get(k.substring(0, k.indexOf('\u0000')));
      Instant l = last.get(k);
      boolean expired = w != null && !w.failureTimeout.isZero() && l != null
          && now.isAfter(l.plus(w.failureTimeout));
      effective.put(k, expired ? 0 : c);
    });
    return effective;
  }

  static String key(String resource, String node) {
    return resource + '\u0000' + node;
  }

  // ---------------------------------------------------------------- node criteria

  /** Adds a score for a node to a resource's table, creating the entry from the node's base weight. */
  void resourceLocation(WorkResource w, WorkNode n, int score) {
    int current = w.allowed[n.index];
    if (current == WorkResource.ABSENT) {
      current = n.online ? 0 : -Score.INFINITY;
    }
    w.allowed[n.index] = Score.add(current, score);
  }

  void applyNodeCriteria() {
    for (Constraint c : config.constraints()) {
      if (c instanceof Location l && l.activeAt(now)) {
        WorkResource w = byId.get(l.resource());
        WorkNode n = nodesByName.get(l.node());
        if (w == null || n == null) {
          continue;
        }
        resourceLocation(w, n, l.score());
        if (w.isGroup()) {
          resourceLocation(w.firstChild(), n, l.score());
          for (int i = 1; i < w.children.size(); i++) {
            resourceLocation(w.children.get(i), n, 0);
          }
        }
      }
    }
    boolean symmetric = config.properties().symmetricCluster();
    for (WorkResource w : byId.values()) {
      if (w.isGroup() || !w.managed || w.stickiness < 1 || w.current == null || !w.alsoRunningOn.isEmpty()) {
        continue;
      }
      if (!symmetric && w.allowed[w.current.index] == WorkResource.ABSENT) {
        continue;
      }
      w.allowed[w.current.index] = Score.add(w.allowed[w.current.index], w.stickiness);
    }
    // only pairs with a fail count can reach a migration-threshold
    for (Map.Entry<String, Integer> e : failCounts.entrySet()) {
      String k = e.getKey();
      int sep = k.indexOf('\u0000');
      WorkResource w = byId.get(k.substring(0, sep));
      WorkNode n = nodesByName.get(k.substring(sep + 1));
      int fc = e.getValue();
      if (w != null && n != null && !w.isGroup() && w.migrationThreshold != 0 && fc > 0
          && w.migrationThreshold - fc <= 0) {
        resourceLocation(w, n, -Score.INFINITY);
      }
    }
  }

  // ---------------------------------------------------------------- colocations

  void unpackColocations() {
    for (WorkResource g : top) {
      if (g.isGroup()) {
        for (int i = 1; i < g.children.size(); i++) {
          addColocation("group:internal_colocation", g.children.get(i), g.children.get(i - 1),
              Score.INFINITY);
        }
      }
    }
    for (Constraint c : config.constraints()) {
      if (c instanceof Colocation co && co.score() != 0) {
        WorkResource d = byId.get(co.resource());
        WorkResource p = byId.get(co.withResource());
        if (d == null || p == null) {
          continue;
        }
        // "group with X" acts through the first member. "X with group" follows the last member when
        // mandatory (the whole group must be up) and the first when not (partly up is fine); the
        // group's own preferences reach X through the last member.
        WorkResource dependent = d.isGroup() ? d.firstChild() : d;
        WorkResource primary = p.isGroup() ? p.lastChild() : p;
        WorkResource dependentSidePrimary = p.isGroup() && co.score() < Score.INFINITY ? p.firstChild() : primary;
        dependent.thisWith.add(new WorkColocation(co.id(), dependent, dependentSidePrimary, co.score(), d, p));
        primary.withThis.add(new WorkColocation(co.id(), dependent, primary, co.score(), d, p));
      }
    }
    // Pacemaker keeps both lists sorted by the other side: priority, then groups before
    // primitives, then id
    Comparator<WorkResource> order = Comparator.comparingInt((WorkResource w) -> -w.priority)
        .thenComparingInt(w -> w.isGroup() ? 0 : 1)
        .thenComparing(w -> w.id, SchedulerRun::compareBytes);
    for (WorkResource w : byId.values()) {
      w.thisWith.sort(Comparator.comparing(WorkColocation::primaryRef, order));
      w.withThis.sort(Comparator.comparing(WorkColocation::dependentRef, order));
    }
  }

  private void addColocation(String id, WorkResource dependent, WorkResource primary, int score) {
    WorkColocation c = new WorkColocation(id, dependent, primary, score, dependent, primary);
    dependent.thisWith.add(c);
    primary.withThis.add(c);
  }

  static int compareBytes(String a, String b) {
    return java.util.Arrays.compare(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- assignment

  void assignAll() {
    for (WorkResource w : top) {
      assign(w);
    }
  }

  WorkNode assign(WorkResource r) {
    if (r.isGroup()) {
      return assignGroup(r);
    }
    if (r.parent != null && !r.parent.assigning) {
      assignGroup(r.parent);
    }
    if (!r.provisional) {
      return r.assignedTo;
    }
    if (r.assigning) {
      return null; // a colocation loop: the resource where it closes is placed on its own scores
    }
    r.assigning = true;
    for (WorkColocation c : r.thisWith) {
      applyThisWith(r, c);
    }
    for (WorkColocation c : r.withThis) {
      mergeDependentScores(r.allowed, c.dependent(), c.score() / (float) Score.INFINITY);
    }
    boolean quorumFreeze = !state.quorate()
        && config.properties().noQuorumPolicy() == io.ha4j.NoQuorumPolicy.FREEZE;
    if (Boolean.FALSE.equals(r.nextStarted)) {
      for (WorkNode n : nodes) {
        resourceLocation(r, n, -Score.INFINITY);
      }
    } else if (Boolean.TRUE.equals(r.nextStarted) && quorumFreeze && r.current == null) {
      r.nextStarted = false;
    }
    if (stonithEnabled() && !haveFencingDevice) {
      r.managed = false;
    }
    if (!r.managed) {
      r.nextStarted = r.current != null;
      finalizeAssignment(r, r.current, true);
    } else {
      chooseNode(r);
    }
    r.assigning = false;
    return r.assignedTo;
  }

  private WorkNode assignGroup(WorkResource g) {
    if (!g.provisional) {
      return g.assignedTo;
    }
    if (g.assigning) {
      return null;
    }
    g.assigning = true;
    WorkNode first = null;
    for (WorkResource m : g.children) {
      WorkNode n = assign(m);
      if (first == null) {
        first = n;
      }
    }
    g.assignedTo = first;
    g.provisional = false;
    g.assigning = false;
    return first;
  }

  private void applyThisWith(WorkResource r, WorkColocation c) {
    int[] archive = c.score() < 0 && c.score() > -Score.INFINITY ? r.allowed.clone() : null;
    WorkResource primary = c.primary();
    assign(primary);
    applyColocToWeights(r, primary, c.score());
    if (archive != null && !anyAvailable(r.allowed)) {
      r.allowed = archive;
    }
  }

  /** Pacemaker's pcmk__apply_coloc_to_weights: the dependent side of a colocation. */
  private void applyColocToWeights(WorkResource dependent, WorkResource primary, int score) {
    if (primary.provisional || !dependent.provisional) {
      return; // primary not placed yet (a loop), or dependent already placed
    }
    WorkNode at = primary.assignedTo;
    if (at == null && score < 0) {
      return;
    }
    int[] work = dependent.allowed.clone();
    for (int i = 0; i < work.length; i++) {
      if (work[i] == WorkResource.ABSENT) {
        continue;
      }
      if (at == null) {
        work[i] = Score.add(-score, work[i]);
      } else if (i == at.index) {
        if (score < Score.INFINITY) {
          work[i] = Score.add(score, work[i]);
        }
      } else if (score >= Score.INFINITY) {
        work[i] = Score.add(-score, work[i]);
      }
    }
    if (score <= -Score.INFINITY || score >= Score.INFINITY || anyAvailable(work)) {
      dependent.allowed = work;
    }
  }

  /** Pacemaker's add_colocated_node_scores with "select active": the primary side. */
  private void mergeDependentScores(int[] target, WorkResource dependent, float factor) {
    int[] merged = mergeInto(target, dependent, factor);
    if (merged != null) {
      System.arraycopy(merged, 0, target, 0, target.length);
    }
  }

  private int[] mergeInto(int[] table, WorkResource dependent, float factor) {
    if (dependent.merging) {
      return null;
    }
    dependent.merging = true;
    try {
      int[] work = table.clone();
      for (int i = 0; i < work.length; i++) {
        if (work[i] == WorkResource.ABSENT) {
          continue;
        }
        WorkNode n = nodes.get(i);
        int s = dependent.allowed[i] == WorkResource.ABSENT || !n.available()
            ? -Score.INFINITY : dependent.allowed[i];
        if (factor < 0 && s < 0) {
          continue;
        }
        float weight = factor * s;
        int w = (int) (weight < 0 ? weight - 0.5f : weight + 0.5f);
        if (w == 0 && s != 0) {
          w = factor < 0 ? -1 : 1;
        }
        work[i] = Score.add(work[i], w);
      }
      if (!anyAvailable(work)) {
        return null; // roll back this dependent's contribution
      }
      int sign = factor < 0 ? -1 : 1;
      for (WorkColocation c : dependent.withThis) {
        int[] deeper = mergeInto(work, c.dependent(), sign * c.score() / (float) Score.INFINITY);
        if (deeper != null) {
          work = deeper;
        }
      }
      return work;
    } finally {
      dependent.merging = false;
    }
  }

  boolean anyAvailable(int[] table) {
    for (int i = 0; i < table.length; i++) {
      if (table[i] != WorkResource.ABSENT && table[i] >= 0 && nodes.get(i).available()) {
        return true;
      }
    }
    return false;
  }

  private int effectiveWeight(WorkResource r, int i) {
    int w = r.allowed[i];
    return w == WorkResource.ABSENT || !nodes.get(i).available() ? -Score.INFINITY : w;
  }

  /** Pacemaker's assign_best_node with compare_nodes' order (weight, load, current node, name). */
  private void chooseNode(WorkResource r) {
    recordScores(r);
    WorkNode best = null;
    for (WorkNode n : nodes) {
      if (r.allowed[n.index] == WorkResource.ABSENT) {
        continue;
      }
      if (best == null || better(r, n, best)) {
        best = n;
      }
    }
    WorkNode chosen = best;
    if (best != null && r.allowed[best.index] > 0 && best.available() && r.current != null
        && r.current.available() && r.allowed[r.current.index] >= 0
        && r.allowed[r.current.index] == r.allowed[best.index]) {
      chosen = r.current;
    }
    finalizeAssignment(r, chosen, false);
  }

  private boolean better(WorkResource r, WorkNode a, WorkNode b) {
    int wa = effectiveWeight(r, a.index);
    int wb = effectiveWeight(r, b.index);
    if (wa != wb) {
      return wa > wb;
    }
    if (a.assignedCount != b.assignedCount) {
      return a.assignedCount < b.assignedCount;
    }
    if (r.current == a || r.current == b) {
      return r.current == a;
    }
    return nameRank[a.index] < nameRank[b.index];
  }

  private void finalizeAssignment(WorkResource r, WorkNode chosen, boolean force) {
    if (chosen != null && !force && (!chosen.available() || r.allowed[chosen.index] < 0)) {
      chosen = null;
    }
    r.provisional = false;
    if (chosen == null) {
      r.assignedTo = null;
      r.nextStarted = false;
      return;
    }
    r.assignedTo = chosen;
    chosen.assignedCount++;
  }

  private void recordScores(WorkResource r) {
    int[] row = new int[nodes.size()];
    String[] names = new String[nodes.size()];
    for (WorkNode n : nodes) {
      names[n.index] = n.name;
      row[n.index] = r.allowed[n.index] == WorkResource.ABSENT ? WorkResource.ABSENT : effectiveWeight(r, n.index);
    }
    scores.put(r.id, new ScoreRow(names, row, nodeIndex));
  }
}
