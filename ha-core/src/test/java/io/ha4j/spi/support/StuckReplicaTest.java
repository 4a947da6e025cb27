package io.ha4j.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.spi.SessionTiming;
import io.ha4j.spi.memory.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node whose local replica stops applying (a Raft peer whose log storage failed) must leave the
 * cluster rather than act on a view that will never move again, and come back once it catches up.
 */
class StuckReplicaTest {
  private final ManualClock clock = new ManualClock();
  private final SessionTiming timing = SessionTiming.defaults();
  private final CoordinationState quorum = new CoordinationState();
  private final CoordinationState local = new CoordinationState();
  private final List<Command> backlog = new ArrayList<>();
  private boolean frozen;
  private int renewals;

  private final Replica replica = new Replica() {
    @Override
    public CommandResult write(Command command) {
      if (command instanceof Command.Renew) {
        renewals++;
      }
      CommandResult r = quorum.apply(command);
      backlog.add(command);
      if (!frozen) {
        catchUp();
      }
      return r;
    }

    @Override
    public CommandResult read(Command command) {
      return quorum.apply(command);
    }

    @Override
    public CoordinationState localState() {
      return local;
    }
  };

  private void catchUp() {
    backlog.forEach(local::apply);
    backlog.clear();
  }

  @Test
  void aReplicaThatStopsApplyingMakesTheNodeLeaveAndItRejoinsOnceCaughtUp() {
    ReplicatedCoordinator node = new ReplicatedCoordinator("n1", false, timing, clock, clock, replica);
    node.start();
    clock.advance(Duration.ofSeconds(1));
    long first = node.sessionId().orElseThrow();
    assertThat(node.hasQuorum()).isTrue();

    // the replica freezes; another node keeps writing
    frozen = true;
    Command put = new Command.Put("/x", "1".getBytes(StandardCharsets.UTF_8));
    quorum.apply(put);
    backlog.add(put);
    clock.advance(Duration.ofSeconds(2));
    assertThat(node.hasQuorum()).as("a short lag is tolerated").isTrue();
    clock.advance(Duration.ofSeconds(8));
    int renewalsWhenStuck = renewals;
    clock.advance(Duration.ofSeconds(5));
    assertThat(renewals).as("no renewal once stuck").isEqualTo(renewalsWhenStuck);
    assertThat(node.hasQuorum()).isFalse();

    // the quorum expires its session; the replica recovers and applies the backlog
    Command expire = new Command.ExpireSession(first);
    quorum.apply(expire);
    backlog.add(expire);
    frozen = false;
    catchUp();
    clock.advance(Duration.ofSeconds(2));
    assertThat(node.hasQuorum()).isTrue();
    assertThat(node.sessionId().orElseThrow()).isGreaterThan(first);
    node.close();
  }
}
