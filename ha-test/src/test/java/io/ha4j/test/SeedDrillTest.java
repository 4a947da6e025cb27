package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.test.Journal.Entry;
import io.ha4j.test.Journal.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's drill on the production runtime: failover in order, stickiness after the node returns. */
class SeedDrillTest {

  @Test
  void groupMovesInOrderWhenItsNodeStopsAndStaysAwayWhenItReturns() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");
      assertThat(cluster.leader()).isPresent();

      cluster.stop("node1").advance(seconds(10));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      List<Entry> node2Starts = cluster.journal().entries().stream()
          .filter(e -> e.kind() == Kind.START && e.node().equals("node2")).toList();
      assertThat(node2Starts).extracting(Entry::resource).containsExactly("ClusterVIP", "WebService");

      cluster.start("node1").advance(seconds(10));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      assertThat(cluster.node("node1").status().resource("WebService").orElseThrow().node()).contains("node2");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void crashOfTheHolderMovesTheGroupOnlyAfterItsLeaseEnded() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");
      long crashedAt = cluster.clock().monotonicNanos();
      cluster.crash("node1").advance(seconds(10));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      Entry firstStart = cluster.journal().entries().stream()
          .filter(e -> e.kind() == Kind.START && e.node().equals("node2")).findFirst().orElseThrow();
      assertThat(firstStart.monotonicNanos() - crashedAt)
          .isGreaterThanOrEqualTo(cluster.timing().session().lease().toNanos());
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }
}
