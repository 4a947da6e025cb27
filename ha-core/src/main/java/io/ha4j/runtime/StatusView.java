package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.ClusterStatus;
import io.ha4j.Constraint;
import io.ha4j.Explanation;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.Node;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceMeta;
import io.ha4j.TargetRole;
import io.ha4j.runtime.Stored.FailCountRecord;
import io.ha4j.runtime.Stored.Observed;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link ClusterStatus} and {@link Explanation} from the store. */
final class StatusView {
  private StatusView() {}

  private record Snapshot(ClusterConfig config, Map<String, Long> live, List<Observed> observed,
      List<FailCount> failCounts) {}

  private static Snapshot read(Coordinator coordinator) {
    ClusterConfig config = coordinator.get(Keys.CONFIG).map(v -> ConfigCodec.read(Json.parse(v.value())))
        .orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
    Map<String, Long> live = new HashMap<>();
    for (Member m : coordinator.members()) {
      if (!m.witness()) {
        live.merge(m.nodeId(), m.sessionId(), Math::max);
      }
    }
    List<Observed> observed = new ArrayList<>();
    for (Versioned v : coordinator.list(Keys.STATE)) {
      observed.add(Observed.fromJson(v.value()));
    }
    List<FailCount> failCounts = new ArrayList<>();
    for (Versioned v : coordinator.list(Keys.FAILCOUNT)) {
      FailCountRecord f = FailCountRecord.fromJson(v.value());
      failCounts.add(new FailCount(Keys.secondLast(v.key()), Keys.last(v.key()), f.count(), f.lastFailure()));
    }
    return new Snapshot(config, live, observed, failCounts);
  }

  private static NodeStatus nodeStatus(Snapshot s, String node) {
    if (s.live().containsKey(node)) {
      return NodeStatus.ONLINE;
    }
    boolean active = s.observed().stream().anyMatch(o -> o.node().equals(node) && o.active());
    return active ? NodeStatus.UNCLEAN : NodeStatus.OFFLINE;
  }

  static ClusterStatus status(Coordinator coordinator, Instant now) {
    Snapshot s = read(coordinator);
    ClusterConfig c = s.config();
    List<ClusterStatus.NodeInfo> nodes = new ArrayList<>();
    for (Node n : c.nodes()) {
      nodes.add(new ClusterStatus.NodeInfo(n.name(), nodeStatus(s, n.name()), n.standby(), n.maintenance()));
    }
    List<ClusterStatus.ResourceInfo> resources = new ArrayList<>();
    for (Resource r : c.resources()) {
      List<Primitive> members = r instanceof Group g ? g.members() : List.of((Primitive) r);
      ResourceMeta groupMeta = r instanceof Group g ? g.meta() : ResourceMeta.EMPTY;
      for (Primitive p : members) {
        ResourceMeta m = p.meta().orElse(groupMeta).orElse(c.resourceDefaults()).orElse(ResourceMeta.BUILT_IN);
        List<String> on = new ArrayList<>();
        boolean failed = false;
        for (Observed o : s.observed()) {
          if (o.resource().equals(p.id()) && o.active() && c.node(o.node()).isPresent()) {
            on.add(o.node());
          }
          failed |= o.resource().equals(p.id()) && o.failed();
        }
        on.sort(null);
        boolean managed = Boolean.TRUE.equals(m.managed()) && !c.properties().maintenanceMode();
        resources.add(new ClusterStatus.ResourceInfo(p.id(), r instanceof Group ? r.id() : null, p.agent(), on, failed,
            managed, m.targetRole() == null ? TargetRole.STARTED : m.targetRole()));
      }
    }
    List<ClusterStatus.FailCountInfo> failCounts = new ArrayList<>();
    for (FailCount f : s.failCounts()) {
      Duration ft = c.resource(f.resource()).map(r -> r.meta()).orElse(ResourceMeta.EMPTY)
          .orElse(c.resourceDefaults()).orElse(ResourceMeta.BUILT_IN).failureTimeout();
      Instant expires = ft == null || ft.isZero() || f.lastFailure() == null ? null : f.lastFailure().plus(ft);
      failCounts.add(new ClusterStatus.FailCountInfo(f.resource(), f.node(), f.count(), f.lastFailure(), expires));
    }
    List<ClusterStatus.FailedAction> failedActions = new ArrayList<>();
    for (Observed o : s.observed()) {
      if (o.lastFailure() != null) {
        failedActions.add(new ClusterStatus.FailedAction(o.resource(), o.node(), o.lastFailure().operation(),
            o.lastFailure().status(), o.lastFailure().message(), o.lastFailure().at()));
      }
    }
    List<ClusterStatus.ConstraintInfo> constraints = new ArrayList<>();
    for (Constraint k : c.constraints()) {
      if (k instanceof Location l && l.id().startsWith("cli-") && l.activeAt(now)) {
        constraints.add(new ClusterStatus.ConstraintInfo(l.id(), l.resource(), l.node(), l.score(), l.expires()));
      }
    }
    String leader = coordinator.currentLeader().map(Leadership::nodeId).orElse(null);
    return new ClusterStatus(now, coordinator.nodeId(), coordinator.hasQuorum(), leader, coordinator.epoch(), c.version(),
        c.properties().maintenanceMode(), nodes, resources, failCounts, failedActions, constraints);
  }

  static Explanation explain(Coordinator coordinator, Instant now, String resource) {
    Snapshot s = read(coordinator);
    ClusterConfig c = s.config();
    if (c.resource(resource).isEmpty()) {
      throw new IllegalArgumentException("no such resource: " + resource);
    }
    ClusterState.Builder b = ClusterState.builder().quorate(coordinator.hasQuorum());
    for (Node n : c.nodes()) {
      b.node(new NodeState(n.name(), nodeStatus(s, n.name()), false, false));
    }
    s.observed().stream().filter(o -> c.resource(o.resource()).isPresent() && c.node(o.node()).isPresent())
        .forEach(o -> b.resource(o.toModel()));
    s.failCounts().forEach(b::failCount);
    Transition t = Scheduler.schedule(c, b.build(), now);
    Map<String, Integer> scores = t.scores().getOrDefault(resource, Map.of());
    String placed = t.placement().get(resource);
    if (c.resource(resource).orElseThrow() instanceof Group g && !g.members().isEmpty()) {
      // a group is placed as its first member: that member's scores carry the group's
      String first = g.members().get(0).id();
      if (scores.isEmpty()) {
        scores = t.scores().getOrDefault(first, Map.of());
      }
      if (placed == null) {
        placed = t.placement().get(first);
      }
    }
    return new Explanation(resource, scores, placed);
  }
}
