package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jConfigException;
import io.ha4j.NodeStatus;
import io.ha4j.Score;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Standby, move/ban/clear with lifetimes, enable/disable, maintenance, status and explain. */
class AdminOperationsTest {

  @Test
  void standbyMovesTheGroupAwayAndStickinessKeepsItThereAfterwards() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");
      cluster.on("node2", n -> n.standby("node1", true)).advance(seconds(5));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      assertThat(cluster.node("node1").status().node("node1").orElseThrow().standby()).isTrue();
      cluster.on("node1", n -> n.standby("node1", false)).advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void moveWithLifetimeExpiresAndBanAndClearWork() {
    try (var cluster = InProcessCluster.of(Scenarios.seed("node1", "node2", "node3").build())) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");

      cluster.on("node1", n -> n.move("WebGroup", "node3", Duration.ofMinutes(5))).advance(seconds(5));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node3");
      assertThat(cluster.runningOn("WebService")).containsExactly("node3");
      ClusterStatus s = cluster.node("node2").status();
      assertThat(s.constraints()).singleElement().satisfies(c -> {
        assertThat(c.id()).isEqualTo("cli-prefer-WebGroup");
        assertThat(c.expires()).isEqualTo(s.at().minusSeconds(5).plus(Duration.ofMinutes(5)));
      });
      cluster.advance(Duration.ofMinutes(6));
      assertThat(cluster.node("node2").status().constraints()).isEmpty();
      assertThat(cluster.runningOn("WebService")).containsExactly("node3"); // stickiness: no move back

      cluster.on("node2", n -> n.ban("WebGroup", "node3", null)).advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).hasSize(1).doesNotContain("node3");
      assertThat(cluster.node("node2").explain("WebGroup").scores()).containsEntry("node3", -Score.INFINITY);
      cluster.on("node2", n -> n.clear("WebGroup")).advance(seconds(5));
      assertThat(cluster.node("node2").config().constraints()).isEmpty();
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void disableStopsEnableStartsAndUnmanagedIsLeftAlone() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      cluster.on("node1", n -> n.disable("WebService")).advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).isEmpty();
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");
      cluster.on("node1", n -> n.enable("WebService")).advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");

      cluster.on("node1", n -> n.unmanage("ClusterVIP")).advance(seconds(1));
      cluster.on("node2", n -> n.standby("node1", true)).advance(seconds(5));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");
      assertThat(cluster.node("node2").status().resource("ClusterVIP").orElseThrow().managed()).isFalse();
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void statusShowsNodesLeaderAndResources() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      ClusterStatus s = cluster.node("node2").status();
      assertThat(s.quorate()).isTrue();
      assertThat(s.currentLeader()).isEqualTo(cluster.leader());
      assertThat(s.epoch()).isPositive();
      assertThat(s.nodes()).extracting(ClusterStatus.NodeInfo::status).containsOnly(NodeStatus.ONLINE);
      assertThat(s.resource("ClusterVIP").orElseThrow().node()).contains("node1");
      assertThat(s.resource("WebService").orElseThrow().group()).isEqualTo("WebGroup");
      assertThat(cluster.node("node2").explain("WebGroup").node()).contains("node1");
    }
  }

  @Test
  void invalidChangesAreRefusedWithPaths() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      assertThatThrownBy(() -> cluster.node("node1").move("Nope", "node2", null))
          .isInstanceOf(Ha4jConfigException.class).hasMessageContaining("resources[Nope]");
      assertThatThrownBy(() -> cluster.node("node1").standby("node9", true))
          .isInstanceOf(Ha4jConfigException.class).hasMessageContaining("nodes[node9]");
    }
  }
}
