package io.ha4j.spi.memory;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.Member;
import io.ha4j.spi.SessionTiming;
import io.ha4j.spi.support.Command;
import io.ha4j.spi.support.CommandResult;
import io.ha4j.spi.support.CoordinationState;
import io.ha4j.spi.support.ReplicatedCoordinator;
import io.ha4j.spi.support.Replica;
import io.ha4j.spi.support.SessionAuthority;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory coordination service for tests: one shared state that any number of node handles
 * ({@link #connect}) talk to, on a {@link ManualClock}. It behaves like a perfect quorum that never
 * fails, and lets a test break the nodes around it: {@link #partition} a node (it can no longer reach
 * the quorum, as on the minority side of a network split), {@link #crash} it (it stops without
 * saying goodbye), or {@link #expireSession} it (as after a long pause).
 *
 * <p>Everything runs on the thread that calls {@link ManualClock#advance}, so tests are
 * deterministic. Example:
 *
 * <pre>{@code
 * var ensemble = MemoryEnsemble.create();
 * Coordinator n1 = ensemble.connect("n1"), n2 = ensemble.connect("n2");
 * ensemble.clock().advance(Duration.ofSeconds(1));   // n1 or n2 is now leader with epoch 1
 * }</pre>
 */
public final class MemoryEnsemble {

  private final ManualClock clock;
  private final SessionTiming timing;
  private final CoordinationState state = new CoordinationState();
  private final SessionAuthority authority = new SessionAuthority();
  private final Set<String> partitioned = new HashSet<>();
  private final Set<Coordinator> crashed = new HashSet<>();

  private MemoryEnsemble(ManualClock clock, SessionTiming timing) {
    this.clock = clock;
    this.timing = timing;
    Duration check = timing.heartbeat().dividedBy(4);
    clock.scheduleWithFixedDelay(this::expireSessions, check, check);
  }

  /** An ensemble on a new {@link ManualClock} with {@link SessionTiming#defaults()}. */
  public static MemoryEnsemble create() {
    return create(new ManualClock(), SessionTiming.defaults());
  }

  /** An ensemble on the given clock and timing (every node uses the same timing). */
  public static MemoryEnsemble create(ManualClock clock, SessionTiming timing) {
    return new MemoryEnsemble(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(timing, "timing"));
  }

  /** The clock every node and the ensemble use. */
  public ManualClock clock() {
    return clock;
  }

  /** The timing every node uses. */
  public SessionTiming timing() {
    return timing;
  }

  /** Connects a candidate node; it opens its session on the clock's next run. */
  public Coordinator connect(String nodeId) {
    return connect(nodeId, false);
  }

  /** Connects a node; a witness never becomes leader. */
  public Coordinator connect(String nodeId, boolean witness) {
    Coordinator[] self = new Coordinator[1];
    Replica replica =
        new Replica() {
          @Override
          public CommandResult write(Command command) {
            return call(nodeId, self[0], command);
          }

          @Override
          public CommandResult read(Command command) {
            return call(nodeId, self[0], command);
          }

          @Override
          public CoordinationState localState() {
            return state;
          }
        };
    var coordinator = new ReplicatedCoordinator(nodeId, witness, timing, clock, clock, replica);
    self[0] = coordinator;
    coordinator.start();
    return coordinator;
  }

  private CommandResult call(String nodeId, Coordinator handle, Command command) {
    synchronized (this) {
      if (crashed.contains(handle)) {
        throw new CoordinatorException(nodeId + " has crashed");
      }
      if (partitioned.contains(nodeId)) {
        throw new CoordinatorException(nodeId + " cannot reach the quorum (partitioned)");
      }
    }
    CommandResult r;
    synchronized (state) {
      r = state.apply(command);
      if (command instanceof Command.OpenSession) {
        authority.seen(r.value(), clock.monotonicNanos());
      } else if (command instanceof Command.Renew renew && r.ok()) {
        authority.seen(renew.sessionId(), clock.monotonicNanos());
      }
    }
    return r;
  }

  private void expireSessions() {
    synchronized (state) {
      for (long id : authority.expired(state.sessionLeases(), clock.monotonicNanos())) {
        state.apply(new Command.ExpireSession(id));
      }
    }
  }

  /** Cuts the node off from the quorum: every call it makes fails until {@link #heal}. */
  public synchronized void partition(String nodeId) {
    partitioned.add(nodeId);
  }

  /** Reconnects a partitioned node. */
  public synchronized void heal(String nodeId) {
    partitioned.remove(nodeId);
  }

  /**
   * Stops a node abruptly, as with {@code kill -9}: it never talks to the quorum again, and its
   * session ends only when its lease runs out.
   */
  public void crash(Coordinator node) {
    synchronized (this) {
      crashed.add(node);
    }
    node.close();
  }

  /** Ends every session of the node now, as the authority would after its lease ran out. */
  public void expireSession(String nodeId) {
    synchronized (state) {
      for (Member m : state.members()) {
        if (m.nodeId().equals(nodeId)) {
          state.apply(new Command.ExpireSession(m.sessionId()));
        }
      }
    }
  }
}
