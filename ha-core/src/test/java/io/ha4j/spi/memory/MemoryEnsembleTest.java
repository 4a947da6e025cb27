package io.ha4j.spi.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.CoordinatorListener;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.SessionTiming;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Behaviour specific to the in-memory ensemble and the local leadership deadline. */
class MemoryEnsembleTest {

  private final ManualClock clock = new ManualClock();
  private final SessionTiming timing =
      new SessionTiming(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(500));
  private final MemoryEnsemble ensemble = MemoryEnsemble.create(clock, timing);

  @Test
  void aWitnessNeverLeads() {
    Coordinator witness = ensemble.connect("w", true);
    clock.advance(Duration.ofSeconds(5));
    assertThat(witness.isLeader()).isFalse();
    assertThat(witness.members()).extracting(m -> m.nodeId() + ":" + m.witness()).containsExactly("w:true");
    Coordinator n1 = ensemble.connect("n1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(n1.isLeader()).isTrue();
    assertThat(witness.currentLeader().map(Leadership::nodeId)).contains("n1");
  }

  @Test
  void aPartitionedLeaderStopsLeadingBeforeAnyoneElseStarts() {
    Coordinator n1 = ensemble.connect("n1");
    clock.advance(Duration.ofMillis(1));
    Coordinator n2 = ensemble.connect("n2");
    clock.advance(Duration.ofSeconds(1));
    assertThat(n1.isLeader()).isTrue();
    long[] n1LostAt = {-1};
    long[] n2GainedAt = {-1};
    n1.addListener(new CoordinatorListener() {
      @Override
      public void leadershipLost(Leadership l) {
        n1LostAt[0] = clock.monotonicNanos();
      }
    });
    n2.addListener(new CoordinatorListener() {
      @Override
      public void leadershipGained(Leadership l) {
        n2GainedAt[0] = clock.monotonicNanos();
      }
    });
    List<Boolean> overlap = new CopyOnWriteArrayList<>();
    clock.scheduleWithFixedDelay(() -> overlap.add(n1.isLeader() && n2.isLeader()), Duration.ZERO, Duration.ofMillis(10));

    ensemble.partition("n1");
    clock.advance(Duration.ofSeconds(10));

    assertThat(overlap).isNotEmpty().doesNotContain(true);
    assertThat(n2.isLeader()).isTrue();
    assertThat(n1LostAt[0]).isPositive();
    assertThat(n2GainedAt[0]).isGreaterThan(n1LostAt[0]);
    // the gap is at least the margin: the authority waits a full lease from the last renewal it saw
    assertThat(Duration.ofNanos(n2GainedAt[0] - n1LostAt[0])).isGreaterThanOrEqualTo(timing.margin());
  }

  @Test
  void manualClockRunsTasksInTimeOrderOnlyWhenAdvanced() {
    ManualClock c = new ManualClock();
    List<String> ran = new CopyOnWriteArrayList<>();
    c.schedule(() -> ran.add("b@2s"), Duration.ofSeconds(2));
    c.schedule(() -> ran.add("a@1s"), Duration.ofSeconds(1));
    c.execute(() -> ran.add("now"));
    assertThat(ran).isEmpty();
    long start = c.monotonicNanos();
    c.advance(Duration.ofMillis(1500));
    assertThat(ran).containsExactly("now", "a@1s");
    assertThat(c.monotonicNanos() - start).isEqualTo(Duration.ofMillis(1500).toNanos());
    c.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("now", "a@1s", "b@2s");
    assertThat(c.wallTime().toString()).isEqualTo("2026-01-01T00:00:02.500Z");
  }
}
