package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jEvent;
import io.ha4j.Score;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Monitor failures, migration-threshold, failure-timeout, start failures. */
class FailureHandlingTest {

  private static int failCount(InProcessCluster c, String observer, String rsc, String node) {
    return c.node(observer).status().failCounts().stream()
        .filter(f -> f.resource().equals(rsc) && f.node().equals(node))
        .mapToInt(ClusterStatus.FailCountInfo::count).sum();
  }

  @Test
  void monitorFailuresRestartInPlaceUntilMigrationThresholdThenMove() {
    ClusterConfig config = ClusterConfig.builder().nodes("node1", "node2")
        .resource(Scenarios.primitive("Svc").migrationThreshold(3).build()).build();
    try (var cluster = InProcessCluster.of(config)) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("Svc")).containsExactly("node1");
      for (int failure = 1; failure <= 2; failure++) {
        cluster.agent("node1").breakResource("Svc");
        cluster.advance(seconds(12));
        assertThat(cluster.runningOn("Svc")).as("after failure %d", failure).containsExactly("node1");
        assertThat(failCount(cluster, "node2", "Svc", "node1")).isEqualTo(failure);
      }
      cluster.agent("node1").breakResource("Svc");
      cluster.advance(seconds(12));
      assertThat(cluster.runningOn("Svc")).containsExactly("node2");
      assertThat(failCount(cluster, "node2", "Svc", "node1")).isEqualTo(3);
      assertThat(cluster.node("node1").status().failedActions())
          .anySatisfy(f -> assertThat(f.operation()).isEqualTo("monitor"));
      assertThat(cluster.events("node1")).anySatisfy(e -> assertThat(e).isInstanceOf(Ha4jEvent.ResourceFailed.class));
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void failCountExpiresAfterFailureTimeoutAndThePreferenceWinsAgain() {
    ClusterConfig config = ClusterConfig.builder().nodes("node1", "node2")
        .resource(Scenarios.primitive("Svc").migrationThreshold(1).failureTimeout(Duration.ofSeconds(60)).build())
        .location("Svc", "node1", 500).build();
    try (var cluster = InProcessCluster.of(config)) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("Svc")).containsExactly("node1");
      cluster.agent("node1").breakResource("Svc");
      cluster.advance(seconds(12));
      assertThat(cluster.runningOn("Svc")).containsExactly("node2");
      ClusterStatus.FailCountInfo fc = cluster.node("node1").status().failCounts().get(0);
      assertThat(fc.expires()).isEqualTo(fc.lastFailure().plus(Duration.ofSeconds(60)));
      cluster.advance(seconds(30));
      assertThat(cluster.runningOn("Svc")).containsExactly("node2");
      cluster.advance(seconds(35));
      assertThat(cluster.runningOn("Svc")).containsExactly("node1");
      assertThat(cluster.node("node1").status().failCounts()).isEmpty();
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void aFailedStartIsFatalOnThatNode() {
    ClusterConfig config = ClusterConfig.builder().nodes("node1", "node2")
        .resource(Scenarios.primitive("Svc").build()).build();
    try (var cluster = InProcessCluster.of(config)) {
      cluster.agent("node1").failNextStart("Svc");
      cluster.startAll().advance(seconds(10));
      assertThat(cluster.runningOn("Svc")).containsExactly("node2");
      assertThat(failCount(cluster, "node2", "Svc", "node1")).isEqualTo(Score.INFINITY);
      cluster.on("node2", n -> n.cleanup("Svc")).advance(seconds(5));
      assertThat(cluster.node("node2").status().failCounts()).isEmpty();
      assertThat(cluster.runningOn("Svc")).containsExactly("node2");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }
}
