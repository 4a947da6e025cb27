package io.ha4j.runtime;

import io.ha4j.Ha4jEvent;
import io.ha4j.Primitive;
import io.ha4j.runtime.LocalResources.Role;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.support.TaskScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease-based self-fencing, on its own scheduler so that a blocked coordination call never delays
 * it. Every half heartbeat it reads the coordinator's local session deadline: while more than {@code
 * selfFenceLead} is left it extends the external guard's lease; otherwise it stops every local
 * resource (newest first) and halts the node if they are not all stopped by {@code deadline + margin
 * / 2}. Once a fresh session is confirmed and everything is stopped, the node probes again and
 * rejoins.
 */
final class LeaseWatchdog {
  private static final Logger log = LoggerFactory.getLogger(LeaseWatchdog.class);

  private final NodeRuntime rt;
  private final Map<String, List<ExternalResource>> external = new LinkedHashMap<>();
  private volatile boolean fencing;
  private volatile boolean stopping;
  private volatile boolean halted;
  private volatile boolean haltAfterwards;
  private long fencedSession;
  private TaskScheduler.Cancellable ticker;
  private TaskScheduler.Cancellable haltTimer;
  private volatile boolean closed;
  private final java.util.Set<String> startsInFlight = new java.util.HashSet<>();

  LeaseWatchdog(NodeRuntime rt) {
    this.rt = rt;
  }

  void start() {
    Duration period = rt.timing.session().heartbeat().dividedBy(2);
    ticker = rt.watchdogScheduler.scheduleWithFixedDelay(this::check, Duration.ZERO, period);
  }

  void close() {
    closed = true;
    if (ticker != null) {
      ticker.cancel();
    }
    if (haltTimer != null) {
      haltTimer.cancel();
    }
  }

  /**
   * Registers a start about to call its agent. Refused once self-fencing has begun (or the lease is
   * in doubt), so that no start can begin after the self-fencing stops were chosen; a start that is
   * registered is stopped again by {@link #endStart} if self-fencing begins meanwhile.
   */
  synchronized boolean beginStart(String rsc) {
    if (fencing || halted || closed || !leaseOk()) {
      return false;
    }
    startsInFlight.add(rsc);
    return true;
  }

  /**
   * A registered start has finished (successfully or not) and its local role is recorded. If
   * self-fencing began meanwhile, the resource is stopped now: a failed start may have left part of
   * it running, and the stop is idempotent.
   */
  void endStart(String rsc) {
    boolean stopIt;
    synchronized (this) {
      startsInFlight.remove(rsc);
      stopIt = fencing;
    }
    if (stopIt) {
      stopLate(rsc);
    }
  }

  private synchronized boolean startInFlight(String rsc) {
    return startsInFlight.contains(rsc);
  }

  /** True while this node is self-fencing or has self-fenced and not rejoined yet. */
  boolean fencing() {
    return fencing;
  }

  /** Whether this node may act now: its session deadline lies ahead and it is not self-fencing. */
  boolean leaseOk() {
    if (fencing || halted) {
      return false;
    }
    OptionalLong d = rt.coordinator.sessionDeadlineNanos();
    if (d.isPresent()) {
      return d.getAsLong() - rt.clock.monotonicNanos() > 0;
    }
    return rt.coordinator.hasQuorum();
  }

  private long remainingNanos() {
    OptionalLong d = rt.coordinator.sessionDeadlineNanos();
    if (d.isPresent()) {
      return d.getAsLong() - rt.clock.monotonicNanos();
    }
    return rt.coordinator.hasQuorum() ? Long.MAX_VALUE : 0;
  }

  private void check() {
    if (closed || halted) {
      return;
    }
    long remaining = remainingNanos();
    boolean healthy = remaining > rt.timing.selfFenceLead().toNanos() && rt.coordinator.hasQuorum();
    if (!fencing) {
      if (healthy) {
        if (remaining != Long.MAX_VALUE) {
          rt.guard.extendLease(Duration.ofNanos(remaining));
        }
        return;
      }
      if (rt.local.mayBeRunningNewestFirst().isEmpty()) {
        return; // nothing to stop; the executor refuses to act while the lease is in doubt
      }
      selfFence("the session lease ends in " + Duration.ofNanos(Math.max(0, remaining)) + " and cannot be renewed", false);
      return;
    }
    if (!stopping && !haltAfterwards && healthy && rt.local.mayBeRunningNewestFirst().isEmpty()) {
      long s = rt.mySession();
      log.info("{}: lease confirmed again (session {}, was {}); probing and rejoining", rt.nodeId, s, fencedSession);
      fencing = false;
      rt.engine.execute(rt.executor::resetSession);
    }
  }

  /**
   * Stops every local resource, newest first, and halts the node if that does not finish in time or
   * a stop fails. Idempotent while in progress.
   *
   * @param haltAfterwards halt even when every stop succeeded: this node is being fenced (a stop
   *     failed, the controller asked, on-fail=fence), as a watchdog device would reset it
   */
  void selfFence(String reason, boolean haltAfterwards) {
    long deadlineNanos;
    synchronized (this) {
      if (haltAfterwards) {
        this.haltAfterwards = true;
      }
      if (fencing || closed) {
        if (haltAfterwards && fencing && !stopping) {
          halt("fenced: " + reason);
        }
        return;
      }
      fencing = true;
      stopping = true;
      fencedSession = rt.mySession();
      OptionalLong d = rt.coordinator.sessionDeadlineNanos();
      long now = rt.clock.monotonicNanos();
      deadlineNanos = (d.isPresent() && d.getAsLong() - now > 0 ? d.getAsLong() : now + rt.timing.selfFenceLead().toNanos())
          + rt.timing.session().margin().toNanos() / 2;
    }
    log.error("{}: self-fencing: {}", rt.nodeId, reason);
    rt.events.publish(new Ha4jEvent.SelfFencing(rt.nodeId, reason, rt.coordinator.epoch(), rt.now()));
    rt.local.cancelMonitors();
    Duration untilHalt = Duration.ofNanos(Math.max(0, deadlineNanos - rt.clock.monotonicNanos()));
    haltTimer = rt.watchdogScheduler.schedule(() -> {
      if (stopping && !rt.local.mayBeRunningNewestFirst().isEmpty()) {
        halt("self-fencing did not stop " + rt.local.mayBeRunningNewestFirst() + " before the lease ended");
      }
    }, untilHalt);
    stopNext(rt.local.mayBeRunningNewestFirst(), 0, reason);
  }

  private void stopNext(List<String> order, int i, String reason) {
    if (halted || closed) {
      return;
    }
    if (i >= order.size()) {
      List<String> left = rt.local.mayBeRunningNewestFirst();
      if (!left.isEmpty()) {
        // something started meanwhile, or a stop failed: try those once more, else halt
        List<String> retry = new ArrayList<>();
        boolean awaitingStarts = false;
        for (String r : left) {
          if (startInFlight(r)) {
            awaitingStarts = true; // stopped by endStart when its start returns
          } else if (rt.local.role(r) != Role.BLOCKED) {
            retry.add(r);
          }
        }
        if (retry.isEmpty() && awaitingStarts) {
          return;
        }
        if (!retry.isEmpty() && !retry.equals(order)) {
          stopNext(retry, 0, reason);
          return;
        }
        halt("self-fencing could not stop " + left + " (" + reason + ")");
        return;
      }
      stopping = false;
      if (haltTimer != null) {
        haltTimer.cancel();
      }
      log.warn("{}: self-fencing stopped every local resource", rt.nodeId);
      if (haltAfterwards) {
        halt("this node is fenced (" + reason + ")");
      }
      return;
    }
    String rsc = order.get(i);
    Optional<Primitive> p = rt.primitive(rsc);
    ResourceAgent agent = p.map(x -> rt.agents.get(x.agent())).orElse(null);
    // a start still in flight is stopped when it returns (endStart); the halt timer covers a hung one
    if (agent == null || rt.local.role(rsc) == Role.STOPPED || startInFlight(rsc)) {
      stopNext(order, i + 1, reason);
      return;
    }
    long epoch = rt.local.get(rsc).epoch;
    rt.local.set(rsc, Role.STOPPING, epoch);
    rt.events.publish(new Ha4jEvent.ResourceStopping(rsc, rt.nodeId, epoch, rt.now()));
    AgentContext ctx = rt.executor.context(p.get(), "stop", epoch);
    rt.runner.run(ctx, () -> agent.stop(ctx), rt.watchdogScheduler, outcome -> {
      if (outcome.ok()) {
        rt.local.set(rsc, Role.STOPPED, epoch);
        updateExternal(rsc, List.of());
        rt.events.publish(new Ha4jEvent.ResourceStopped(rsc, rt.nodeId, epoch, rt.now()));
      } else {
        rt.local.set(rsc, Role.BLOCKED, epoch);
        rt.events.publish(new Ha4jEvent.ResourceFailed(rsc, rt.nodeId, "stop", outcome.result().message(), epoch, rt.now()));
      }
      stopNext(order, i + 1, reason);
    });
  }

  /** A start finished while self-fencing: stop it again at once. */
  void stopLate(String rsc) {
    rt.watchdogScheduler.execute(() -> stopNext(List.of(rsc), 0, "started while self-fencing"));
  }

  private void halt(String reason) {
    if (halted) {
      return;
    }
    halted = true;
    log.error("{}: {}; halting", rt.nodeId, reason);
    rt.halt.halt(reason);
  }

  /**
   * Stops one resource on the calling thread within its timeout (clean shutdown). Returns whether it
   * is confirmed stopped.
   */
  boolean stopNow(ResourceAgent agent, AgentContext ctx) {
    FutureTask<AgentResult> task = new FutureTask<>(() -> agent.stop(ctx));
    try {
      rt.agentExecutorForShutdown().execute(task);
      AgentResult r = task.get(ctx.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return r != null && r.isSuccess();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      return false;
    } catch (Exception e) {
      task.cancel(true);
      log.warn("{}: stop of {} failed: {}", rt.nodeId, ctx.resourceId(), e.toString());
      return false;
    }
  }

  /** Records what external resources a local resource holds, and tells the guard the full list. */
  void updateExternal(String rsc, List<ExternalResource> held) {
    List<ExternalResource> all = new ArrayList<>();
    synchronized (external) {
      if (held.isEmpty()) {
        external.remove(rsc);
      } else {
        external.put(rsc, List.copyOf(held));
      }
      external.values().forEach(all::addAll);
    }
    rt.guard.holding(all);
  }
}
