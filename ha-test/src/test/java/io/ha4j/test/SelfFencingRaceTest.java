package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.test.Journal.Entry;
import io.ha4j.test.Journal.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A holder is cut off while its starts take time (2 s each), at many different moments: a start that
 * is in flight when self-fencing begins must be stopped again when it returns, no start may begin
 * once self-fencing has begun, and no resource ever runs on two nodes.
 */
class SelfFencingRaceTest {

  @ParameterizedTest(name = "cut off {0} ms after start-up")
  @ValueSource(ints = {500, 1500, 2500, 3500, 4500, 5500, 6500, 8000})
  void startsInFlightAtSelfFencingEndStopped(int cutAfterMillis) {
    var cluster = InProcessCluster.builder(Scenarios.seed("node1", "node2", "node3").build())
        .operationTime(Duration.ofSeconds(2)).build();
    try (cluster) {
      cluster.start("node1").advance(Duration.ofMillis(200)).start("node2").start("node3")
          .advance(Duration.ofMillis(cutAfterMillis));
      long cutAt = cluster.clock().monotonicNanos();
      cluster.partition("node1").advance(seconds(20));

      List<Entry> node1 = cluster.journal().entries().stream().filter(e -> e.node().equals("node1")).toList();
      long lease = cluster.timing().session().lease().toNanos();
      assertThat(node1).filteredOn(e -> e.kind() == Kind.START)
          .as("no start begins on node1 after its lease ran out")
          .allSatisfy(e -> assertThat(e.monotonicNanos() - cutAt).isLessThan(lease));
      assertThat(cluster.agent("node1").running()).as("node1 ends with nothing running").isEmpty();
      assertThat(cluster.runningOn("WebService")).hasSize(1).doesNotContain("node1");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }
}
