package io.ha4j.spi.support;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.SessionTiming;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.Watch;
import io.ha4j.spi.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of a coordinator over a replicated {@link CoordinationState} (used by the in-memory
 * ensemble and by {@code ha-raft}): it opens and renews this node's session every heartbeat, claims
 * leadership when nobody holds it, keeps the local leadership deadline, and turns state changes into
 * advisory events.
 *
 * <p>The truth is the last <em>confirmed</em> renewal: its send time gives the deadline ({@code sentAt
 * + lease - margin}), and its answer says who leads. {@link #isLeader()} reads only that and the
 * clock. Any failure on the renewal path leaves the deadline where it was, so leadership runs out by
 * itself; the renewal loop never stops until {@link #close()}.
 */
public final class ReplicatedCoordinator implements Coordinator {
  private static final Logger log = LoggerFactory.getLogger(ReplicatedCoordinator.class);

  /** The last confirmation from the quorum. */
  private record Confirmed(long sessionId, long deadlineNanos, Leadership leader, long epoch) {}

  private record WatchRegistration(String prefix, Consumer<WatchEvent> listener) {}

  private final String nodeId;
  private final boolean witness;
  private final SessionTiming timing;
  private final Ha4jClock clock;
  private final TaskScheduler scheduler;
  private final Replica replica;
  private final List<CoordinatorListener> listeners = new CopyOnWriteArrayList<>();
  private final List<WatchRegistration> watches = new CopyOnWriteArrayList<>();
  private final Consumer<StateChange> stateListener = this::onStateChange;

  private volatile Confirmed confirmed = new Confirmed(0, 0, null, 0);
  private volatile boolean closed;
  private volatile boolean started;
  private long resignedUntilNanos;
  private boolean hasResigned;
  // the renewal loop's own (one thread): a quorum revision the local replica has yet to apply
  private long awaitedRevision = -1;
  private long awaitedSinceNanos;
  private boolean reportedStuck;
  // only touched under "this" (in evaluate)
  private Leadership reportedLeadership;
  private boolean reportedQuorum;
  private TaskScheduler.Cancellable ticker;

  /**
   * A coordinator for one node; call {@link #start()} to join.
   *
   * @param nodeId this node's name
   * @param witness true for a witness (never claims leadership)
   * @param timing heartbeat, lease and margin
   * @param clock the time source for deadlines
   * @param scheduler where the renewal loop and the listener callbacks run
   * @param replica how to reach the quorum and the local copy of the state
   */
  public ReplicatedCoordinator(
      String nodeId,
      boolean witness,
      SessionTiming timing,
      Ha4jClock clock,
      TaskScheduler scheduler,
      Replica replica) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.witness = witness;
    this.timing = Objects.requireNonNull(timing, "timing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.replica = Objects.requireNonNull(replica, "replica");
  }

  /** Starts the renewal loop (the first renewal runs at once). Idempotent. */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    replica.localState().addListener(stateListener);
    ticker = scheduler.scheduleWithFixedDelay(this::tick, Duration.ZERO, timing.heartbeat());
  }

  /** The timing this coordinator was built with. */
  public SessionTiming timing() {
    return timing;
  }

  // ---- the renewal loop ----

  /** One round: open or renew the session, claim leadership if free, then publish what changed. */
  void tick() {
    if (closed) {
      return;
    }
    try {
      if (replicaStuck()) {
        return; // neither renew nor open a session: the cluster goes on without this stale view
      }
      Confirmed c = confirmed;
      if (c.sessionId() == 0) {
        long sentAt = clock.monotonicNanos();
        CommandResult r =
            replica.write(new Command.OpenSession(nodeId, witness, timing.lease().toNanos()));
        confirm(r.value(), sentAt, r);
        log.debug("{} opened session {}", nodeId, r.value());
      } else {
        long sentAt = clock.monotonicNanos();
        CommandResult r = replica.write(new Command.Renew(c.sessionId()));
        if (!r.ok()) {
          log.warn("{}: session {} has ended (lease expired); joining again", nodeId, c.sessionId());
          confirmed = new Confirmed(0, 0, null, Math.max(c.epoch(), r.epoch()));
          return;
        }
        confirm(c.sessionId(), sentAt, r);
        awaitApplied(r.value(), sentAt);
      }
      c = confirmed;
      boolean mayClaim = !witness && (!hasResigned || clock.monotonicNanos() - resignedUntilNanos > 0);
      if (c.leader() == null && mayClaim) {
        CommandResult r = replica.write(new Command.Claim(c.sessionId()));
        // a claim is not a renewal: it updates who leads, never the deadline
        confirm(c.sessionId(), Long.MIN_VALUE, r);
      }
    } catch (CoordinatorException e) {
      log.debug("{}: renewal failed: {}", nodeId, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: renewal failed unexpectedly", nodeId, e);
    } finally {
      evaluate();
    }
  }

  /**
   * True once the local replica has not applied a revision the quorum had at a renewal more than
   * {@link #stuckAfterNanos()} ago (e.g. its log storage failed and the Raft peer no longer appends):
   * watches and the member list here would be stale for good, so this node stops renewing and the
   * cluster treats it as gone. It renews (with a new session) once the replica has caught up.
   */
  private boolean replicaStuck() {
    if (awaitedRevision < 0) {
      return false;
    }
    long local = replica.localState().revision();
    if (local >= awaitedRevision) {
      if (reportedStuck) {
        log.warn("{}: the local replica caught up (revision {}); joining again", nodeId, local);
      }
      awaitedRevision = -1;
      reportedStuck = false;
      return false;
    }
    long behindNanos = clock.monotonicNanos() - awaitedSinceNanos;
    if (behindNanos < stuckAfterNanos()) {
      return false;
    }
    if (!reportedStuck) {
      reportedStuck = true;
      log.error("{}: the local replica is at revision {}, the quorum was at {} {} ms ago (its storage may have"
          + " failed); no longer renewing session {}: the cluster goes on without this node until it catches up",
          nodeId, local, awaitedRevision, behindNanos / 1_000_000, confirmed.sessionId());
    }
    return true;
  }

  /** After a renewal: remembers the quorum's revision if the local replica has not reached it yet. */
  private void awaitApplied(long quorumRevision, long sentAtNanos) {
    if (awaitedRevision < 0 && replica.localState().revision() < quorumRevision) {
      awaitedRevision = quorumRevision;
      awaitedSinceNanos = sentAtNanos;
    }
  }

  /** How long the local replica may lag a renewal before this node leaves: two leases, at least 5 s. */
  private long stuckAfterNanos() {
    return Math.max(timing.lease().multipliedBy(2).toNanos(), java.time.Duration.ofSeconds(5).toNanos());
  }

  private synchronized void confirm(long sessionId, long sentAtNanos, CommandResult r) {
    if (closed) {
      return;
    }
    Confirmed old = confirmed;
    long deadline;
    if (sentAtNanos == Long.MIN_VALUE) {
      // not a renewal: keep the deadline of the last renewal of this session
      deadline = old.sessionId() == sessionId ? old.deadlineNanos() : clock.monotonicNanos();
    } else {
      deadline = sentAtNanos + timing.lease().toNanos() - timing.margin().toNanos();
      if (old.sessionId() == sessionId && deadline - old.deadlineNanos() < 0) {
        deadline = old.deadlineNanos();
      }
    }
    confirmed = new Confirmed(sessionId, deadline, r.leader(), Math.max(old.epoch(), r.epoch()));
  }

  /** Fires gained/lost/quorum events for what is true now. */
  private void evaluate() {
    Runnable[] fire = new Runnable[3];
    synchronized (this) {
      Leadership now = leadership().orElse(null);
      Leadership before = reportedLeadership;
      if (before != null && !before.equals(now)) {
        fire[0] = () -> listeners.forEach(l -> l.leadershipLost(before));
      }
      if (now != null && !now.equals(before)) {
        fire[1] = () -> listeners.forEach(l -> l.leadershipGained(now));
      }
      reportedLeadership = now;
      boolean quorum = hasQuorum();
      if (quorum != reportedQuorum) {
        reportedQuorum = quorum;
        fire[2] = () -> listeners.forEach(l -> l.quorumChanged(quorum));
      }
      if (before != null && now == null) {
        log.info("{}: leadership at epoch {} ended", nodeId, before.epoch());
      } else if (now != null && before == null) {
        log.info("{}: leader at epoch {}", nodeId, now.epoch());
      }
    }
    for (Runnable r : fire) {
      if (r != null) {
        scheduler.execute(guarded(r));
      }
    }
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("a coordinator listener failed", e);
      }
    };
  }

  private void onStateChange(StateChange change) {
    if (closed) {
      return;
    }
    if (change instanceof StateChange.KeyChanged k) {
      WatchEvent event = k.event();
      for (WatchRegistration w : watches) {
        if (event.key().startsWith(w.prefix())) {
          scheduler.execute(guarded(() -> {
            if (watches.contains(w)) {
              w.listener().accept(event);
            }
          }));
        }
      }
    } else if (change instanceof StateChange.MemberJoined j) {
      scheduler.execute(guarded(() -> listeners.forEach(l -> l.memberJoined(j.member()))));
    } else if (change instanceof StateChange.MemberLost m) {
      scheduler.execute(guarded(() -> listeners.forEach(l -> l.memberLost(m.member()))));
    } else if (change instanceof StateChange.LeaderChanged lc && lc.leader().isEmpty() && !witness) {
      // leadership is free: claim at once instead of waiting for the next heartbeat
      scheduler.schedule(this::tick, Duration.ZERO);
    }
  }

  // ---- queries (never block) ----

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean isWitness() {
    return witness;
  }

  @Override
  public List<Member> members() {
    return replica.localState().members();
  }

  @Override
  public boolean hasQuorum() {
    Confirmed c = confirmed;
    return !closed && c.sessionId() != 0 && clock.monotonicNanos() - c.deadlineNanos() < 0;
  }

  @Override
  public java.util.OptionalLong sessionId() {
    Confirmed c = confirmed;
    return closed || c.sessionId() == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(c.sessionId());
  }

  @Override
  public java.util.OptionalLong sessionDeadlineNanos() {
    Confirmed c = confirmed;
    if (closed || c.sessionId() == 0) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(c.deadlineNanos());
  }

  @Override
  public boolean isLeader() {
    return leadership().isPresent();
  }

  @Override
  public Optional<Leadership> leadership() {
    Confirmed c = confirmed;
    if (closed
        || c.sessionId() == 0
        || c.leader() == null
        || c.leader().sessionId() != c.sessionId()
        || clock.monotonicNanos() - c.deadlineNanos() >= 0) {
      return Optional.empty();
    }
    return Optional.of(c.leader());
  }

  @Override
  public Optional<Leadership> currentLeader() {
    if (!hasQuorum()) {
      return Optional.empty();
    }
    Confirmed c = confirmed;
    CoordinationState local = replica.localState();
    if (local.epoch() >= c.epoch()) {
      return local.leader();
    }
    return Optional.ofNullable(c.leader());
  }

  @Override
  public long epoch() {
    return Math.max(confirmed.epoch(), replica.localState().epoch());
  }

  // ---- leadership control ----

  @Override
  public void resign() {
    Confirmed c = confirmed;
    synchronized (this) {
      hasResigned = true;
      resignedUntilNanos = clock.monotonicNanos() + timing.lease().toNanos();
    }
    if (c.sessionId() != 0 && c.leader() != null && c.leader().sessionId() == c.sessionId()) {
      CommandResult r = replica.write(new Command.Resign(c.sessionId()));
      confirm(c.sessionId(), Long.MIN_VALUE, r);
    }
    evaluate();
  }

  // ---- key-value store ----

  private void checkOpen() {
    if (closed) {
      throw new CoordinatorException("coordinator of " + nodeId + " is closed");
    }
  }

  @Override
  public Optional<Versioned> get(String key) {
    checkOpen();
    return replica.read(new Command.Get(key)).entries().stream().findFirst();
  }

  @Override
  public List<Versioned> list(String prefix) {
    checkOpen();
    return replica.read(new Command.ListPrefix(prefix)).entries();
  }

  @Override
  public Versioned put(String key, byte[] value) {
    checkOpen();
    return replica.write(new Command.Put(key, value)).entries().get(0);
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value) {
    checkOpen();
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
    }
    CommandResult r = replica.write(new Command.CompareAndSet(key, expectedVersion, value));
    return r.ok() ? Optional.of(r.entries().get(0)) : Optional.empty();
  }

  @Override
  public Optional<Versioned> compareAndSet(String key, long expectedVersion, byte[] value,
      Map<String, Long> conditions) {
    checkOpen();
    CommandResult r = replica.write(new Command.ConditionalPut(key, expectedVersion, value, conditions));
    return r.ok() ? Optional.of(r.entries().get(0)) : Optional.empty();
  }

  @Override
  public boolean delete(String key) {
    checkOpen();
    return replica.write(new Command.Delete(key, -1)).ok();
  }

  @Override
  public boolean compareAndDelete(String key, long expectedVersion) {
    checkOpen();
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expectedVersion must be >= 1, was " + expectedVersion);
    }
    return replica.write(new Command.Delete(key, expectedVersion)).ok();
  }

  @Override
  public Watch watch(String prefix, Consumer<WatchEvent> listener) {
    checkOpen();
    var w = new WatchRegistration(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(listener, "listener"));
    watches.add(w);
    return () -> watches.remove(w);
  }

  @Override
  public void addListener(CoordinatorListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(CoordinatorListener listener) {
    listeners.remove(listener);
  }

  // ---- lifecycle ----

  @Override
  public void close() {
    Confirmed c;
    synchronized (this) {
      if (closed) {
        return;
      }
      c = confirmed;
      if (ticker != null) {
        ticker.cancel();
      }
    }
    try {
      if (c.sessionId() != 0) {
        if (c.leader() != null && c.leader().sessionId() == c.sessionId()) {
          replica.write(new Command.Resign(c.sessionId()));
        }
        replica.write(new Command.CloseSession(c.sessionId()));
      }
    } catch (RuntimeException e) {
      log.info("{}: could not close session {} cleanly ({}); it will expire", nodeId, c.sessionId(), e.getMessage());
    } finally {
      closed = true;
      replica.localState().removeListener(stateListener);
      evaluate();
    }
  }

  @Override
  public String toString() {
    return "ReplicatedCoordinator[" + nodeId + (witness ? ", witness" : "") + "]";
  }
}
