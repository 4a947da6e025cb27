package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.Constraint;
import io.ha4j.FailCount;
import io.ha4j.Ha4jEvent;
import io.ha4j.Location;
import io.ha4j.Node;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Primitive;
import io.ha4j.ResourceMeta;
import io.ha4j.runtime.Stored.FailCountRecord;
import io.ha4j.runtime.Stored.Observed;
import io.ha4j.runtime.Stored.Pending;
import io.ha4j.runtime.Stored.Result;
import io.ha4j.runtime.Stored.TransitionRecord;
import io.ha4j.scheduler.ActionType;
import io.ha4j.scheduler.PlannedAction;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.FenceAction;
import io.ha4j.spi.FencingAgent;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.support.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: active only while this node holds leadership. Each run re-reads the configuration
 * and the full observed state from the store (never trusting what it saw under an earlier epoch),
 * waits until every live member has probed every resource under its current session and no
 * operation is in flight, runs the scheduler, and publishes the transition tagged with its epoch —
 * unless the published one already covers exactly what is left to do. Fencing actions run here:
 * with a fencing agent that can fence the node, by the agent; otherwise by waiting until the node's
 * session ended plus {@code fenceDelay} (watchdog fencing), asking a live node to fence itself
 * first. Bursts of changes are coalesced ({@code rescheduleDelay}).
 */
final class Controller {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  private final NodeRuntime rt;
  private long epoch;
  private long seq;
  private TransitionRecord published;
  private TaskScheduler.Cancellable pendingRun;
  private TaskScheduler.Cancellable wakeup;
  private long wakeupAtNanos;
  private final Map<String, Long> lostAtNanos = new HashMap<>();
  /** Each live node's session when the current transition was published. */
  private final Map<String, Long> publishedSessions = new HashMap<>();
  private final Set<String> fencingByAgent = new HashSet<>();
  private final Map<String, Long> fenceRequestedForSession = new HashMap<>();
  private String waitingFor = "";
  private boolean closed;

  Controller(NodeRuntime rt) {
    this.rt = rt;
  }

  void close() {
    closed = true;
    if (pendingRun != null) {
      pendingRun.cancel();
    }
    if (wakeup != null) {
      wakeup.cancel();
    }
  }

  /** Notices gained or lost leadership (called on every tick and on coordinator events). */
  void checkLeadership() {
    if (closed) {
      return;
    }
    long e = rt.coordinator.leadership().map(Leadership::epoch).orElse(0L);
    if (e == epoch) {
      return;
    }
    if (epoch != 0) {
      log.info("{}: controller at epoch {} ends", rt.nodeId, epoch);
      rt.events.publish(new Ha4jEvent.LeadershipLost(rt.nodeId, epoch, rt.now()));
    }
    epoch = e;
    seq = 0;
    published = null;
    lostAtNanos.clear();
    publishedSessions.clear();
    fencingByAgent.clear();
    fenceRequestedForSession.clear();
    if (e != 0) {
      log.info("{}: controller at epoch {}", rt.nodeId, e);
      rt.events.publish(new Ha4jEvent.LeadershipGained(rt.nodeId, e, rt.now()));
      requestRun();
    }
  }

  /** Schedules a run after the coalescing delay, unless one is pending. */
  void requestRun() {
    if (closed || epoch == 0 || pendingRun != null) {
      return;
    }
    pendingRun = rt.engine.schedule(this::run, rt.timing.rescheduleDelay());
  }

  private void run() {
    pendingRun = null;
    if (closed || epoch == 0) {
      return;
    }
    Optional<Leadership> l = rt.coordinator.leadership();
    if (l.isEmpty() || l.get().epoch() != epoch) {
      checkLeadership();
      return;
    }
    try {
      runOnce();
    } catch (CoordinatorException e) {
      log.warn("{}: controller run failed ({}); retrying", rt.nodeId, e.getMessage());
      wakeAt(rt.clock.monotonicNanos() + rt.timing.session().heartbeat().toNanos());
    }
  }

  private void waiting(String why) {
    if (!why.equals(waitingFor)) {
      log.debug("{}: controller waits: {}", rt.nodeId, why);
      waitingFor = why;
    }
  }

  private void runOnce() {
    Optional<Versioned> cv = rt.coordinator.get(Keys.CONFIG);
    if (cv.isEmpty()) {
      waiting("no configuration");
      return;
    }
    ClusterConfig config = ConfigCodec.read(Json.parse(cv.get().value()));
    Map<String, Long> live = new LinkedHashMap<>();
    for (Member m : rt.coordinator.members()) {
      if (!m.witness() && config.node(m.nodeId()).isPresent()) {
        live.merge(m.nodeId(), m.sessionId(), Math::max);
      }
    }
    Map<String, Map<String, Observed>> observed = new HashMap<>();
    Map<String, Long> stateVersions = new HashMap<>();
    for (Versioned v : rt.coordinator.list(Keys.STATE)) {
      stateVersions.put(v.key(), v.version());
      Observed o = Observed.fromJson(v.value());
      observed.computeIfAbsent(o.node(), k -> new HashMap<>()).put(o.resource(), o);
    }
    Map<String, Long> shutdown = new HashMap<>();
    for (Versioned v : rt.coordinator.list(Keys.SHUTDOWN)) {
      shutdown.put(Keys.last(v.key()), Stored.Request.fromJson(v.value()).seq());
    }
    // 1. every live member has probed everything under its current session, nothing is in flight
    for (var e : live.entrySet()) {
      Map<String, Observed> mine = observed.getOrDefault(e.getKey(), Map.of());
      for (Primitive p : config.primitives()) {
        if (p.isFencingDevice()) {
          continue;
        }
        Observed o = mine.get(p.id());
        if (o == null || o.session() < e.getValue()) {
          waiting("probe of " + p.id() + " on " + e.getKey());
          return;
        }
        if (o.pending() != Pending.NONE) {
          waiting(o.pending() + " " + p.id() + " on " + e.getKey());
          return;
        }
      }
    }
    waitingFor = "";
    long nowNanos = rt.clock.monotonicNanos();
    Instant now = rt.now();
    // 2. the cluster state
    ClusterState.Builder sb = ClusterState.builder().quorate(rt.coordinator.hasQuorum());
    for (Node n : config.nodes()) {
      Long session = live.get(n.name());
      if (session != null) {
        boolean leaving = session.equals(shutdown.get(n.name()));
        sb.node(new NodeState(n.name(), NodeStatus.ONLINE, leaving, false));
        lostAtNanos.remove(n.name());
      } else if (observed.getOrDefault(n.name(), Map.of()).values().stream().anyMatch(Observed::active)) {
        lostAtNanos.putIfAbsent(n.name(), nowNanos);
        sb.node(NodeState.of(n.name(), NodeStatus.UNCLEAN));
      } else {
        lostAtNanos.remove(n.name());
        sb.node(NodeState.of(n.name(), NodeStatus.OFFLINE));
      }
    }
    Set<String> primitives = new HashSet<>();
    config.primitives().forEach(p -> primitives.add(p.id()));
    for (Node n : config.nodes()) {
      for (Observed o : observed.getOrDefault(n.name(), Map.of()).values()) {
        if (primitives.contains(o.resource())) {
          sb.resource(o.toModel());
        }
      }
    }
    List<FailCount> failCounts = new ArrayList<>();
    for (Versioned v : rt.coordinator.list(Keys.FAILCOUNT)) {
      FailCountRecord f = FailCountRecord.fromJson(v.value());
      String rsc = Keys.secondLast(v.key());
      String node = Keys.last(v.key());
      if (expired(config, rsc, f.lastFailure(), now)) {
        rt.coordinator.compareAndDelete(v.key(), v.version()); // Pacemaker clears an expired count
        continue;
      }
      failCounts.add(new FailCount(rsc, node, f.count(), f.lastFailure()));
    }
    failCounts.forEach(sb::failCount);
    ClusterState state = sb.build();
    Transition t = Scheduler.schedule(config, state, now);
    // 3. publish unless what is published already covers exactly what is left
    Map<Integer, Result> results = published == null ? Map.of() : results(published);
    boolean publish;
    if (published != null) {
      boolean failed = results.values().stream().anyMatch(r -> !r.ok());
      List<String> remaining = new ArrayList<>();
      boolean sessionChanged = false;
      for (PlannedAction a : published.actions()) {
        if (!results.containsKey(a.id())) {
          remaining.add(signature(a));
          // a node that restarted (new session) since the publish may never run what was asked of
          // its previous session: publish again rather than wait for a result that will not come
          sessionChanged |= a.type() != ActionType.FENCE
              && !java.util.Objects.equals(publishedSessions.get(a.node()), live.get(a.node()));
        }
      }
      List<String> planned = new ArrayList<>();
      t.actions().forEach(a -> planned.add(signature(a)));
      remaining.sort(null);
      planned.sort(null);
      publish = failed || sessionChanged || !remaining.equals(planned);
    } else {
      publish = !t.actions().isEmpty() || currentTransitionIsForeign();
    }
    if (publish) {
      if (!publish(t, config.version(), live, stateVersions)) {
        return;
      }
      publishedSessions.clear();
      publishedSessions.putAll(live);
      results = Map.of();
    }
    runFencing(published, results, live, nowNanos);
    scheduleWakeup(config, state, now, nowNanos);
  }

  private boolean currentTransitionIsForeign() {
    Optional<Versioned> cur = rt.coordinator.get(Keys.TRANSITION);
    return cur.isPresent() && TransitionRecord.fromJson(cur.get().value()).epoch() != epoch;
  }

  private static String signature(PlannedAction a) {
    return a.type() + " " + a.resource() + " " + a.node();
  }

  private static boolean expired(ClusterConfig config, String rsc, Instant lastFailure, Instant now) {
    Duration ft = failureTimeout(config, rsc);
    return ft != null && !ft.isZero() && lastFailure != null && !now.isBefore(lastFailure.plus(ft));
  }

  private static Duration failureTimeout(ClusterConfig config, String rsc) {
    for (var r : config.resources()) {
      if (r instanceof Primitive p && p.id().equals(rsc)) {
        return p.meta().orElse(config.resourceDefaults()).orElse(ResourceMeta.BUILT_IN).failureTimeout();
      }
      if (r instanceof io.ha4j.Group g) {
        for (Primitive p : g.members()) {
          if (p.id().equals(rsc)) {
            return p.meta().orElse(g.meta()).orElse(config.resourceDefaults()).orElse(ResourceMeta.BUILT_IN).failureTimeout();
          }
        }
      }
    }
    return null;
  }

  private Map<Integer, Result> results(TransitionRecord t) {
    Map<Integer, Result> out = new HashMap<>();
    for (Versioned v : rt.coordinator.list(Keys.RESULT + t.id() + "/")) {
      out.put(Integer.parseInt(Keys.last(v.key())), Result.fromJson(v.value()));
    }
    return out;
  }

  /**
   * Publishes {@code t} only if neither the transition nor any node's observed state changed since
   * this run read them ({@code stateVersions}): a node records an operation as begun only while the
   * transition it belongs to is still published, so a node that began one after the read makes this
   * write fail and the next run waits for that operation.
   */
  private boolean publish(Transition t, long configVersion, Map<String, Long> live, Map<String, Long> stateVersions) {
    Optional<Versioned> cur = rt.coordinator.get(Keys.TRANSITION);
    long expected = 0;
    if (cur.isPresent()) {
      TransitionRecord old = TransitionRecord.fromJson(cur.get().value());
      if (old.epoch() > epoch) {
        log.warn("{}: a newer controller (epoch {}) has published; this one (epoch {}) stands down", rt.nodeId,
            old.epoch(), epoch);
        return false;
      }
      if (old.epoch() == epoch) {
        seq = Math.max(seq, old.seq());
      }
      expected = cur.get().version();
    }
    if (!rt.coordinator.isLeader()) {
      return false;
    }
    TransitionRecord next = new TransitionRecord(epoch, ++seq, configVersion, t.actions(), t.orderings(), live);
    if (rt.coordinator.compareAndSet(Keys.TRANSITION, expected, next.toJson(), stateVersions).isEmpty()) {
      log.debug("{}: not publishing: the transition or a node's state changed since they were read", rt.nodeId);
      requestRun();
      return false;
    }
    published = next;
    if (t.changes().isEmpty()) {
      log.info("{}: transition {}: nothing to do", rt.nodeId, next.id());
    } else {
      log.info("{}: transition {}: {}", rt.nodeId, next.id(), t.changes());
    }
    for (Versioned v : rt.coordinator.list(Keys.RESULT)) {
      if (!Keys.secondLast(v.key()).equals(next.id())) {
        rt.coordinator.compareAndDelete(v.key(), v.version());
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- fencing

  private void runFencing(TransitionRecord t, Map<Integer, Result> results, Map<String, Long> live, long nowNanos) {
    if (t == null) {
      return;
    }
    for (PlannedAction a : t.actions()) {
      if (a.type() != ActionType.FENCE || results.containsKey(a.id())) {
        continue;
      }
      String node = a.node();
      FencingAgent agent = rt.fencingAgents.stream().filter(f -> f.canFence(node)).findFirst().orElse(null);
      if (agent != null) {
        fenceWithAgent(t, a, agent);
        continue;
      }
      Long session = live.get(node);
      if (session != null) {
        // a live node must fence itself (e.g. its stop failed): ask it, then wait for its session to end
        if (!session.equals(fenceRequestedForSession.get(node))) {
          fenceRequestedForSession.put(node, session);
          long seqNo = rt.coordinator.get(Keys.fence(node)).map(v -> Stored.Request.fromJson(v.value()).seq()).orElse(0L) + 1;
          rt.coordinator.put(Keys.fence(node), new Stored.Request(seqNo, epoch, a.reason() == null ? "fence" : a.reason()).toJson());
          log.warn("{}: asked {} to fence itself", rt.nodeId, node);
        }
        continue;
      }
      long lostAt = lostAtNanos.getOrDefault(node, nowNanos);
      long readyAt = lostAt + rt.timing.fenceDelay().toNanos();
      if (nowNanos - readyAt >= 0) {
        fenced(t, a, "lease");
      } else {
        wakeAt(readyAt);
      }
    }
  }

  private void fenceWithAgent(TransitionRecord t, PlannedAction a, FencingAgent agent) {
    String node = a.node();
    if (!fencingByAgent.add(node)) {
      return;
    }
    Duration timeout = rt.timing.defaultOperationTimeout();
    AgentContext ctx = new AgentContext("fence-" + node, "off", Map.of(), rt.nodeId, epoch, timeout,
        rt.clock.monotonicNanos() + timeout.toNanos(), rt.clock);
    long myEpoch = epoch;
    log.warn("{}: fencing {} with {}", rt.nodeId, node, agent.name());
    rt.runner.run(ctx, () -> agent.fence(node, FenceAction.OFF, timeout), rt.engine, outcome -> {
      fencingByAgent.remove(node);
      if (epoch != myEpoch || published == null || !published.id().equals(t.id())) {
        return;
      }
      if (outcome.ok()) {
        fenced(t, a, agent.name());
      } else {
        log.error("{}: fencing {} with {} failed: {}; retrying", rt.nodeId, node, agent.name(), outcome.result().message());
        wakeAt(rt.clock.monotonicNanos() + rt.timing.session().heartbeat().toNanos());
      }
    });
  }

  /** The node is off: it runs nothing; forget its observed state and report the fence done. */
  private void fenced(TransitionRecord t, PlannedAction a, String how) {
    String node = a.node();
    for (Versioned v : rt.coordinator.list(Keys.STATE + node + "/")) {
      rt.coordinator.compareAndDelete(v.key(), v.version());
    }
    rt.coordinator.put(Keys.result(t.id(), a.id()), new Result(true, rt.nodeId, "fenced by " + how).toJson());
    lostAtNanos.remove(node);
    log.warn("{}: {} is fenced ({})", rt.nodeId, node, how);
    rt.events.publish(new Ha4jEvent.NodeFenced(node, how, epoch, rt.now()));
    requestRun();
  }

  // ---------------------------------------------------------------- time-driven reruns

  private void scheduleWakeup(ClusterConfig config, ClusterState state, Instant now, long nowNanos) {
    Instant next = null;
    for (FailCount f : state.failCounts()) {
      Duration ft = failureTimeout(config, f.resource());
      if (ft != null && !ft.isZero() && f.lastFailure() != null) {
        next = earliest(next, f.lastFailure().plus(ft), now);
      }
    }
    for (var r : state.resources()) {
      Duration ft = failureTimeout(config, r.resource());
      if (r.failed() && ft != null && !ft.isZero() && r.failedAt() != null) {
        next = earliest(next, r.failedAt().plus(ft), now);
      }
    }
    for (Constraint c : config.constraints()) {
      if (c instanceof Location l && l.expires() != null) {
        next = earliest(next, l.expires(), now);
      }
    }
    if (next != null) {
      // +1 ms: the scheduler treats "expires == now" as not yet expired for some rules
      wakeAt(nowNanos + Duration.between(now, next).toNanos() + 1_000_000);
    }
  }

  private static Instant earliest(Instant a, Instant b, Instant now) {
    if (!b.isAfter(now)) {
      return a;
    }
    return a == null || b.isBefore(a) ? b : a;
  }

  private void wakeAt(long atNanos) {
    long now = rt.clock.monotonicNanos();
    if (wakeup != null && wakeupAtNanos - now > 0 && wakeupAtNanos - atNanos <= 0) {
      return; // an earlier wake-up is already set
    }
    if (wakeup != null) {
      wakeup.cancel();
    }
    wakeupAtNanos = atNanos;
    wakeup = rt.engine.schedule(() -> {
      wakeup = null;
      requestRun();
    }, Duration.ofNanos(Math.max(0, atNanos - now)));
  }
}
