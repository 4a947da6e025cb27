package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Ha4jConfigException;
import io.ha4j.NodeStatus;
import io.ha4j.Primitive;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.memory.MemoryEnsemble;
import org.junit.jupiter.api.Test;

/** {@link Ha4jAdmin} over a coordinator that is no cluster node: the same operations a node offers. */
class AdminClientTest {

  @Test
  void anOutsiderSeesTheStatusAndItsChangesReachTheNodes() {
    try (var cluster = InProcessCluster.of(Scenarios.seed("node1", "node2", "node3").build())) {
      cluster.startAll().advance(seconds(5));
      Coordinator outsider = cluster.ensemble().connect("admin-tool", true);
      cluster.advance(seconds(1));
      Ha4jAdmin admin = Ha4jAdmin.connect(outsider, cluster.clock());

      ClusterStatus status = admin.status();
      assertThat(status.reportedBy()).isEqualTo("admin-tool");
      assertThat(status.nodes()).extracting(ClusterStatus.NodeInfo::status).containsOnly(NodeStatus.ONLINE);
      assertThat(status.nodes()).extracting(ClusterStatus.NodeInfo::name).containsExactly("node1", "node2", "node3");
      assertThat(status.resource("WebService").orElseThrow().activeOn()).containsExactly("node1");
      assertThat(status.currentLeader()).isPresent();

      admin.move("WebGroup", "node3", null);
      cluster.advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node3");
      assertThat(admin.status().constraints()).extracting(ClusterStatus.ConstraintInfo::id)
          .containsExactly("cli-prefer-WebGroup");
      assertThat(admin.explain("WebGroup").placedOn()).isEqualTo("node3");
      admin.clear("WebGroup");
      admin.standby("node3", true);
      cluster.advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).hasSize(1).doesNotContain("node3");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void replaceConfigBumpsTheVersionAndJsonRoundTrips() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      Ha4jAdmin admin = Ha4jAdmin.connect(cluster.ensemble().connect("admin-tool", true), cluster.clock());
      ClusterConfig stored = admin.storedConfig().orElseThrow();

      ClusterConfig copy = Ha4jAdmin.fromJson(Ha4jAdmin.toJson(stored));
      assertThat(copy).isEqualTo(stored);

      ClusterConfig bigger = stored.toBuilder()
          .resource(Primitive.builder("Extra", RecordingAgent.TYPE).build()).build();
      ClusterConfig written = admin.replaceConfig(bigger);
      assertThat(written.version()).isEqualTo(stored.version() + 1);
      cluster.advance(seconds(5));
      assertThat(cluster.runningOn("Extra")).hasSize(1);

      assertThatThrownBy(() -> admin.move("NoSuch", "node1", null)).isInstanceOf(Ha4jConfigException.class)
          .hasMessageContaining("resources[NoSuch]");
      assertThatThrownBy(() -> Ha4jAdmin.fromJson("{\"format\": 7}")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("format");
      assertThatThrownBy(() -> Ha4jAdmin.fromJson("<cib/>")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anEmptyStoreTakesAnImport() {
    MemoryEnsemble ensemble = MemoryEnsemble.create();
    Ha4jAdmin admin = Ha4jAdmin.connect(ensemble.connect("admin-tool", true), ensemble.clock());
    assertThat(admin.storedConfig()).isEmpty();
    ClusterConfig written = admin.replaceConfig(Scenarios.seed().build());
    assertThat(written.version()).isEqualTo(1);
    assertThat(admin.storedConfig()).contains(written);
  }
}
