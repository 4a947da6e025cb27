package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4jEvent;
import io.ha4j.ObservedRole;
import io.ha4j.OnFail;
import io.ha4j.Operation;
import io.ha4j.Primitive;
import io.ha4j.Score;
import io.ha4j.runtime.LocalResources.Role;
import io.ha4j.runtime.Stored.Failure;
import io.ha4j.runtime.Stored.Observed;
import io.ha4j.runtime.Stored.Pending;
import io.ha4j.runtime.Stored.Result;
import io.ha4j.runtime.Stored.TransitionRecord;
import io.ha4j.scheduler.ActionType;
import io.ha4j.scheduler.PlannedAction;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.ExternalResourceSource;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.Versioned;
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
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs this node's part of the controller's transition, probes on start-up and on request, and
 * monitors what runs here. Everything runs on the engine scheduler (one thread), agents on the agent
 * executor.
 */
final class NodeExecutor {
  private static final Logger log = LoggerFactory.getLogger(NodeExecutor.class);

  private final NodeRuntime rt;
  private final String me;
  private TransitionRecord current;
  /** The store version of {@link #current}: an operation begins only while it is still the published one. */
  private long currentVersion;
  /** The published transition has moved past {@link #current}; nothing more of it runs. */
  private boolean superseded;
  private long highestEpoch;
  private final Set<Integer> begun = new HashSet<>();
  private final Map<Integer, Result> results = new HashMap<>();
  private final Map<String, Observed> observed = new HashMap<>();
  private final Map<String, byte[]> unreported = new LinkedHashMap<>();
  private final Map<String, Long> reprobeSeen = new HashMap<>();
  private long session;
  private long fenceRequestSeen = -1;
  private boolean abandoned;

  NodeExecutor(NodeRuntime rt) {
    this.rt = rt;
    this.me = rt.nodeId;
  }

  // ---------------------------------------------------------------- triggers

  void tick() {
    if (abandoned) {
      return;
    }
    flushUnreported();
    checkSession();
    drive();
  }

  private void checkSession() {
    if (!rt.coordinator.hasQuorum() || rt.currentConfig() == null || rt.watchdog.fencing()) {
      return;
    }
    long s = rt.mySession();
    if (s != 0 && s != session) {
      session = s;
      log.info("{}: session {}; probing every resource", me, s);
      for (Primitive p : rt.currentConfig().primitives()) {
        probe(p);
      }
    }
  }

  void onConfig(ClusterConfig c) {
    if (session == 0) {
      return;
    }
    for (Primitive p : c.primitives()) {
      if (!observed.containsKey(p.id())) {
        probe(p); // a new resource: find out whether it already runs here
      }
    }
  }

  void onTransition(Optional<Versioned> value) {
    if (value.isEmpty() || abandoned) {
      return;
    }
    TransitionRecord t;
    try {
      t = TransitionRecord.fromJson(value.get().value());
    } catch (RuntimeException e) {
      log.error("{}: unreadable transition", me, e);
      return;
    }
    if (current != null && t.id().equals(current.id())) {
      return;
    }
    long newest = Math.max(highestEpoch, rt.coordinator.epoch());
    if (t.epoch() < newest) {
      log.warn("{}: rejecting transition {} from epoch {}: epoch {} has been seen", me, t.id(), t.epoch(), newest);
      return;
    }
    highestEpoch = Math.max(highestEpoch, t.epoch());
    current = t;
    currentVersion = value.get().version();
    superseded = false;
    begun.clear();
    results.clear();
    try {
      for (Versioned v : rt.coordinator.list(Keys.RESULT + t.id() + "/")) {
        results.put(Integer.parseInt(Keys.last(v.key())), Result.fromJson(v.value()));
      }
    } catch (CoordinatorException e) {
      log.debug("{}: cannot read results of {}: {}", me, t.id(), e.getMessage());
    }
    log.debug("{}: transition {} with {} actions", me, t.id(), t.actions().size());
    drive();
  }

  /** Reads the published transition (after finding the one this node had replaced). */
  private void readTransition() {
    try {
      onTransition(rt.coordinator.get(Keys.TRANSITION));
    } catch (CoordinatorException e) {
      log.debug("{}: cannot read the transition yet ({}); its watch will bring it", me, e.getMessage());
    }
  }

  void onResult(String key, Optional<Versioned> value) {
    if (current == null || value.isEmpty() || !Keys.secondLast(key).equals(current.id())) {
      return;
    }
    results.put(Integer.parseInt(Keys.last(key)), Result.fromJson(value.get().value()));
    drive();
  }

  void onReprobe(String key, Optional<Versioned> value) {
    if (value.isEmpty() || session == 0) {
      return;
    }
    String rsc = Keys.last(key);
    long seq = Stored.Request.fromJson(value.get().value()).seq();
    if (reprobeSeen.getOrDefault(rsc, 0L) >= seq) {
      return;
    }
    reprobeSeen.put(rsc, seq);
    observed.remove(rsc);
    rt.primitive(rsc).ifPresent(this::probe);
  }

  void onFenceRequest(Optional<Versioned> value) {
    if (value.isEmpty()) {
      return;
    }
    Stored.Request r = Stored.Request.fromJson(value.get().value());
    if (r.seq() <= fenceRequestSeen) {
      return;
    }
    fenceRequestSeen = r.seq();
    if (r.epoch() < rt.coordinator.epoch()) {
      log.warn("{}: ignoring a fence request from old epoch {}", me, r.epoch());
      return;
    }
    rt.watchdog.selfFence("the controller fences this node: " + r.reason(), true);
  }

  // ---------------------------------------------------------------- transition actions

  void drive() {
    TransitionRecord t = current;
    if (t == null || superseded || abandoned || rt.watchdog.fencing() || rt.closed()) {
      return;
    }
    if (t.epoch() < rt.coordinator.epoch()) {
      return; // a newer controller exists; wait for its transition
    }
    if (!t.publishedFor(me, session)) {
      // published for an earlier incarnation of this node (or before it joined): seen again after a
      // restart, e.g. while the replica replays its log. The controller republishes for this session.
      return;
    }
    for (PlannedAction a : t.actions()) {
      if (!me.equals(a.node()) || a.type() == ActionType.FENCE || begun.contains(a.id())) {
        continue;
      }
      boolean ready = true;
      for (int p : t.predecessors(a.id())) {
        Result r = results.get(p);
        if (r == null || !r.ok()) {
          ready = false;
          break;
        }
      }
      if (!ready || rt.local.get(a.resource()).busy()) {
        continue;
      }
      if (!rt.watchdog.leaseOk()) {
        log.warn("{}: not running {} {}: the lease is in doubt", me, a.type(), a.resource());
        return;
      }
      begun.add(a.id());
      perform(t, a);
    }
  }

  private void perform(TransitionRecord t, PlannedAction a) {
    boolean start = a.type() == ActionType.START;
    String op = start ? "start" : "stop";
    Optional<Primitive> primitive = rt.primitive(a.resource());
    ResourceAgent agent = primitive.map(p -> rt.agents.get(p.agent())).orElse(null);
    if (primitive.isEmpty() || agent == null) {
      String why = primitive.isEmpty() ? "not configured" : "no agent for type " + primitive.get().agent();
      if (start) {
        writeState(new Observed(me, a.resource(), ObservedRole.STOPPED, Pending.NONE, false, null, false, true,
            t.epoch(), session, new Failure(op, OcfStatus.NOT_INSTALLED.name(), why, rt.now())));
      }
      writeResult(t, a, !start, why);
      return;
    }
    Primitive p = primitive.get();
    // a start registers with the watchdog first: once self-fencing has begun, no start may begin
    if (start && !rt.watchdog.beginStart(p.id())) {
      log.warn("{}: not starting {}: this node is self-fencing or its lease is in doubt", me, p.id());
      begun.remove(a.id());
      return;
    }
    // record the operation as in flight before it runs, and only while this transition is still the
    // published one: the controller publishes a new one only if no node's state moved since it read
    // them, so either it sees this operation in flight or this node sees the new transition — never
    // neither (which let a superseded start run beside its replacement's start elsewhere)
    Observed pending = base(p.id()).with(start ? ObservedRole.STOPPED : ObservedRole.STARTED,
        start ? Pending.STARTING : Pending.STOPPING, t.epoch());
    String refused = null;
    try {
      if (rt.coordinator.compareAndSet(Keys.state(me, p.id()), Coordinator.ANY_VERSION, pending.toJson(),
          Map.of(Keys.TRANSITION, currentVersion)).isPresent()) {
        observed.put(p.id(), pending);
      } else {
        refused = "transition " + t.id() + " has been replaced";
        superseded = true;
      }
    } catch (CoordinatorException e) {
      refused = "cannot record it (" + e.getMessage() + ")";
    }
    if (refused != null) {
      log.atLevel(superseded ? Level.INFO : Level.WARN).log("{}: not running {} {}: {}", me, op, p.id(), refused);
      begun.remove(a.id());
      if (start) {
        rt.watchdog.endStart(p.id());
      }
      if (superseded) {
        rt.engine.execute(this::readTransition);
      }
      return;
    }
    rt.local.set(p.id(), start ? Role.STARTING : Role.STOPPING, t.epoch());
    rt.events.publish(start ? new Ha4jEvent.ResourceStarting(p.id(), me, t.epoch(), rt.now())
        : new Ha4jEvent.ResourceStopping(p.id(), me, t.epoch(), rt.now()));
    AgentContext ctx = context(p, op, t.epoch());
    if (start) {
      announceExternal(p, agent, ctx, true);
    }
    Callable<AgentResult> call = start ? () -> agent.start(ctx) : () -> agent.stop(ctx);
    rt.runner.run(ctx, call, rt.engine, outcome -> completed(t, a, p, agent, ctx, outcome));
  }

  private void completed(TransitionRecord t, PlannedAction a, Primitive p, ResourceAgent agent, AgentContext ctx,
      AgentRunner.Outcome outcome) {
    boolean start = a.type() == ActionType.START;
    try {
      record(t, a, p, agent, ctx, outcome);
    } finally {
      if (start) {
        rt.watchdog.endStart(p.id()); // stops it again if self-fencing began meanwhile
      }
    }
  }

  private void record(TransitionRecord t, PlannedAction a, Primitive p, ResourceAgent agent, AgentContext ctx,
      AgentRunner.Outcome outcome) {
    if (abandoned) {
      return;
    }
    boolean start = a.type() == ActionType.START;
    Instant now = rt.now();
    Observed before = base(p.id());
    Observed after;
    if (start && outcome.ok()) {
      rt.local.set(p.id(), Role.STARTED, t.epoch());
      after = new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, false, null, false, false, t.epoch(),
          session, before.lastFailure());
      rt.events.publish(new Ha4jEvent.ResourceStarted(p.id(), me, t.epoch(), now));
      if (!rt.watchdog.fencing()) {
        scheduleMonitor(p);
      }
    } else if (start) {
      rt.local.set(p.id(), Role.FAILED, t.epoch());
      boolean hard = !outcome.timedOut() && outcome.result().status().isHardError();
      after = new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, true, now, false, hard, t.epoch(), session,
          failure("start", outcome, now));
      rt.events.publish(new Ha4jEvent.ResourceFailed(p.id(), me, "start", outcome.result().message(), t.epoch(), now));
      ClusterConfig c = rt.currentConfig();
      boolean fatal = c != null && c.properties() != null && c.properties().startFailureIsFatal();
      addFailCount(p.id(), fatal ? Score.INFINITY : 1, now);
    } else if (outcome.ok()) {
      rt.local.set(p.id(), Role.STOPPED, t.epoch());
      announceExternal(p, agent, ctx, false);
      after = new Observed(me, p.id(), ObservedRole.STOPPED, Pending.NONE, false, null, false, before.banned(),
          t.epoch(), session, before.lastFailure());
      rt.events.publish(new Ha4jEvent.ResourceStopped(p.id(), me, t.epoch(), now));
    } else {
      rt.local.set(p.id(), Role.BLOCKED, t.epoch());
      after = new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, true, now, true, before.banned(), t.epoch(),
          session, failure("stop", outcome, now));
      rt.events.publish(new Ha4jEvent.ResourceFailed(p.id(), me, "stop", outcome.result().message(), t.epoch(), now));
      addFailCount(p.id(), Score.INFINITY, now);
    }
    writeState(after);
    writeResult(t, a, outcome.ok(), outcome.result().message());
    if (!start && !outcome.ok() && !rt.watchdog.fencing() && rt.fencingAgents.stream().noneMatch(f -> f.canFence(me))) {
      // a stop that failed leaves the resource possibly running: without a fencing device this node
      // fences itself (stops what it can, then halts)
      rt.watchdog.selfFence("stop of " + p.id() + " failed: " + outcome.result().message(), true);
    }
    drive();
  }

  private static Failure failure(String op, AgentRunner.Outcome o, Instant at) {
    return new Failure(op, o.statusName(), o.result().message(), at);
  }

  // ---------------------------------------------------------------- probes

  private void probe(Primitive p) {
    if (p.isFencingDevice() || rt.local.get(p.id()).busy() || abandoned) {
      return;
    }
    ResourceAgent agent = rt.agents.get(p.agent());
    long epoch = rt.coordinator.epoch();
    long probeSession = session;
    if (agent == null) {
      writeState(new Observed(me, p.id(), ObservedRole.STOPPED, Pending.NONE, false, null, false, true, epoch,
          probeSession, new Failure("probe", OcfStatus.NOT_INSTALLED.name(), "no agent for type " + p.agent(), rt.now())));
      return;
    }
    AgentContext ctx = context(p, "probe", epoch);
    rt.runner.run(ctx, () -> agent.monitor(ctx), rt.engine, outcome -> {
      if (abandoned || rt.local.get(p.id()).busy()) {
        return;
      }
      Instant now = rt.now();
      OcfStatus s = outcome.timedOut() ? OcfStatus.GENERIC_ERROR : outcome.result().status();
      Observed o;
      if (s == OcfStatus.SUCCESS) {
        boolean wasStarted = rt.local.role(p.id()) == Role.STARTED;
        rt.local.set(p.id(), Role.STARTED, epoch);
        o = new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, false, null, false, false, epoch, probeSession, null);
        if (!wasStarted) {
          scheduleMonitor(p);
        }
      } else if (s == OcfStatus.NOT_RUNNING) {
        rt.local.set(p.id(), Role.STOPPED, epoch);
        o = new Observed(me, p.id(), ObservedRole.STOPPED, Pending.NONE, false, null, false, false, epoch, probeSession, null);
      } else if (s.isHardError()) {
        rt.local.set(p.id(), Role.STOPPED, epoch);
        o = new Observed(me, p.id(), ObservedRole.STOPPED, Pending.NONE, false, null, false, true, epoch, probeSession,
            failure("probe", outcome, now));
      } else {
        rt.local.set(p.id(), Role.FAILED, epoch);
        o = new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, true, now, false, false, epoch, probeSession,
            failure("probe", outcome, now));
        rt.events.publish(new Ha4jEvent.ResourceFailed(p.id(), me, "probe", outcome.result().message(), epoch, now));
      }
      writeState(o);
    });
  }

  // ---------------------------------------------------------------- monitor loop

  private void scheduleMonitor(Primitive p) {
    Operation op = monitorOp(p);
    if (op == null) {
      return;
    }
    LocalResources.Entry e = rt.local.get(p.id());
    synchronized (rt.local) {
      if (e.monitor != null) {
        e.monitor.cancel();
      }
      e.monitor = rt.engine.schedule(() -> runMonitor(p, op), op.interval());
    }
  }

  private static Operation monitorOp(Primitive p) {
    for (Operation op : p.operations()) {
      if ("monitor".equals(op.name()) && op.interval() != null && !op.interval().isZero()) {
        return op;
      }
    }
    return null;
  }

  private void runMonitor(Primitive p, Operation op) {
    LocalResources.Entry e = rt.local.get(p.id());
    if (abandoned || e.role != Role.STARTED || rt.watchdog.fencing()) {
      return;
    }
    ResourceAgent agent = rt.agents.get(p.agent());
    if (agent == null) {
      return;
    }
    long epoch = e.epoch;
    AgentContext ctx = context(p, "monitor", epoch, op.timeout());
    rt.runner.run(ctx, () -> agent.monitor(ctx), rt.engine, outcome -> {
      if (abandoned || rt.local.role(p.id()) != Role.STARTED || rt.watchdog.fencing()) {
        return;
      }
      OnFail onFail = op.onFail() == null ? OnFail.RESTART : op.onFail();
      if (outcome.ok() || onFail == OnFail.IGNORE) {
        scheduleMonitor(p);
        return;
      }
      monitorFailed(p, outcome, onFail, epoch);
    });
  }

  private void monitorFailed(Primitive p, AgentRunner.Outcome outcome, OnFail onFail, long epoch) {
    Instant now = rt.now();
    log.warn("{}: monitor of {} failed: {} {}", me, p.id(), outcome.statusName(), outcome.result().message());
    rt.local.set(p.id(), Role.FAILED, epoch);
    boolean hard = !outcome.timedOut() && outcome.result().status().isHardError();
    writeState(new Observed(me, p.id(), ObservedRole.STARTED, Pending.NONE, true, now, false, hard, epoch, session,
        failure("monitor", outcome, now)));
    addFailCount(p.id(), 1, now);
    rt.events.publish(new Ha4jEvent.ResourceFailed(p.id(), me, "monitor", outcome.result().message(), epoch, now));
    try {
      switch (onFail) {
        case STOP -> rt.admin.targetRole(p.id(), io.ha4j.TargetRole.STOPPED);
        case BLOCK -> rt.admin.managed(p.id(), false);
        case FENCE -> rt.watchdog.selfFence("monitor of " + p.id() + " failed with on-fail=fence", true);
        default -> { }
      }
    } catch (RuntimeException ex) {
      log.warn("{}: on-fail={} for {} could not be applied: {}", me, onFail, p.id(), ex.getMessage());
    }
  }

  // ---------------------------------------------------------------- store writes

  private Observed base(String rsc) {
    Observed o = observed.get(rsc);
    return o != null ? o : new Observed(me, rsc, ObservedRole.STOPPED, Pending.NONE, false, null, false, false,
        rt.coordinator.epoch(), session, null);
  }

  private void writeState(Observed o) {
    observed.put(o.resource(), o);
    String key = Keys.state(me, o.resource());
    byte[] bytes = o.toJson();
    try {
      rt.coordinator.put(key, bytes);
      unreported.remove(key);
    } catch (RuntimeException e) { // CoordinatorException, or a backend that is going away
      log.warn("{}: cannot report {} yet: {}", me, key, e.getMessage());
      unreported.put(key, bytes);
    }
  }

  private void writeResult(TransitionRecord t, PlannedAction a, boolean ok, String message) {
    Result r = new Result(ok, me, message);
    results.put(a.id(), r);
    String key = Keys.result(t.id(), a.id());
    try {
      rt.coordinator.put(key, r.toJson());
    } catch (RuntimeException e) {
      unreported.put(key, r.toJson());
    }
  }

  private void flushUnreported() {
    for (var it = unreported.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      try {
        rt.coordinator.put(e.getKey(), e.getValue());
        it.remove();
      } catch (RuntimeException ex) {
        return;
      }
    }
  }

  /** Adds to this node's fail count of a resource with compare-and-set: exactly once per failure. */
  private void addFailCount(String rsc, int add, Instant at) {
    String key = Keys.failCount(rsc, me);
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        Optional<Versioned> v = rt.coordinator.get(key);
        int count = v.map(x -> Stored.FailCountRecord.fromJson(x.value()).count()).orElse(0);
        byte[] next = new Stored.FailCountRecord(Score.add(count, add), at).toJson();
        if (rt.coordinator.compareAndSet(key, v.map(Versioned::version).orElse(0L), next).isPresent()) {
          return;
        }
      } catch (CoordinatorException e) {
        log.warn("{}: cannot record the fail count of {}: {}", me, rsc, e.getMessage());
        return;
      }
    }
    log.warn("{}: fail count of {} changed concurrently 10 times; not recorded", me, rsc);
  }

  // ---------------------------------------------------------------- helpers

  AgentContext context(Primitive p, String op, long epoch) {
    return context(p, op, epoch, timeout(p, op));
  }

  private AgentContext context(Primitive p, String op, long epoch, Duration timeout) {
    return new AgentContext(p.id(), op, p.parameters(), me, epoch, timeout,
        rt.clock.monotonicNanos() + timeout.toNanos(), rt.clock);
  }

  Duration timeout(Primitive p, String op) {
    String name = "probe".equals(op) ? "monitor" : op;
    for (Operation o : p.operations()) {
      if (name.equals(o.name()) && o.timeout() != null && ("monitor".equals(name) || o.interval() == null
          || o.interval().isZero() || "probe".equals(op))) {
        return o.timeout();
      }
    }
    ResourceAgent a = rt.agents.get(p.agent());
    if (a != null) {
      try {
        Duration d = a.metadata().defaultTimeouts().get(name);
        if (d != null) {
          return d;
        }
      } catch (RuntimeException e) {
        log.debug("metadata of {} failed", p.agent(), e);
      }
    }
    return rt.timing.defaultOperationTimeout();
  }

  private void announceExternal(Primitive p, ResourceAgent agent, AgentContext ctx, boolean holding) {
    if (!(agent instanceof ExternalResourceSource)) {
      return;
    }
    rt.watchdog.updateExternal(p.id(), holding ? ((ExternalResourceSource) agent).externalResources(ctx) : List.of());
  }

  /** On a clean shutdown: stop every local resource, newest first, each within its timeout (blocking). */
  void stopAllForShutdown() {
    for (String rsc : rt.local.mayBeRunningNewestFirst()) {
      Optional<Primitive> p = rt.primitive(rsc);
      ResourceAgent agent = p.map(x -> rt.agents.get(x.agent())).orElse(null);
      if (agent == null) {
        continue;
      }
      long epoch = rt.coordinator.epoch();
      rt.events.publish(new Ha4jEvent.ResourceStopping(rsc, me, epoch, rt.now()));
      AgentContext ctx = context(p.get(), "stop", epoch);
      boolean ok = rt.watchdog.stopNow(agent, ctx);
      rt.local.set(rsc, ok ? Role.STOPPED : Role.BLOCKED, epoch);
      if (ok) {
        announceExternal(p.get(), agent, ctx, false);
        rt.events.publish(new Ha4jEvent.ResourceStopped(rsc, me, epoch, rt.now()));
        Observed before = base(rsc);
        writeState(new Observed(me, rsc, ObservedRole.STOPPED, Pending.NONE, false, null, false, before.banned(),
            epoch, session, before.lastFailure()));
      } else {
        log.error("{}: stop of {} failed during shutdown; it may still run", me, rsc);
      }
    }
  }

  /** Forget the session so that the next tick probes everything again (after self-fencing ended). */
  void resetSession() {
    session = 0;
    observed.clear();
  }

  void abandon() {
    abandoned = true;
  }

  List<String> knownResources() {
    return new ArrayList<>(observed.keySet());
  }
}
