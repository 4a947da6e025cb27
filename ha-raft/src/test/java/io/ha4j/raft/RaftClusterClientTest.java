package io.ha4j.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.spi.CoordinatorException;
import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client-only coordinator: reads and writes the group's store, sees members and leader, joins nothing. */
class RaftClusterClientTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aClientGivenOnlyAddressesReadsWritesAndSeesTheMembersWithoutBecomingOne() {
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST).startAll()) {
      raft.await("a leader", () -> raft.nodes.values().stream().anyMatch(RaftCoordinator::isLeader));
      List<String> addresses = raft.peers.stream().map(RaftPeerAddress::address).toList();
      try (var client = RaftClusterClient.connect(
          RaftClientConfig.of(addresses).withClusterName(raft.clusterName).withClientName("tool"))) {
        raft.node("n1").put("config/x", utf8("from-n1"));
        assertThat(client.get("config/x")).map(v -> new String(v.value(), StandardCharsets.UTF_8)).contains("from-n1");

        long version = client.get("config/x").orElseThrow().version();
        assertThat(client.compareAndSet("config/x", version, utf8("from-client"))).isPresent();
        assertThat(client.compareAndSet("config/x", version, utf8("stale"))).isEmpty();
        raft.await("the nodes see the client's write", () -> raft.node("n2").get("config/x")
            .map(v -> new String(v.value(), StandardCharsets.UTF_8).equals("from-client")).orElse(false));
        assertThat(client.list("config/")).hasSize(1);
        assertThat(client.delete("config/x")).isTrue();

        assertThat(client.hasQuorum()).isTrue();
        assertThat(client.members()).extracting(Member::nodeId).containsExactly("n1", "n2", "n3");
        // leadership may move under load (LAN_FAST): wait until the client and the nodes agree
        raft.await("the client names the nodes' leader", () -> {
          var leader = raft.nodes.values().stream().filter(RaftCoordinator::isLeader).findFirst();
          return leader.isPresent()
              && client.currentLeader().map(Leadership::nodeId).equals(leader.map(RaftCoordinator::nodeId));
        });
        assertThat(client.epoch()).isPositive();
        assertThat(client.isLeader()).isFalse();
        assertThat(client.isWitness()).isTrue();
        assertThat(client.nodeId()).isEqualTo("tool");
        assertThatThrownBy(() -> client.watch("x", e -> { })).isInstanceOf(UnsupportedOperationException.class);
      }
    }
  }

  @Test
  void noPeerAnsweringIsOneClearFailureWithinTheTimeout() {
    int[] ports = LoopbackRaftCluster.freePorts(1);
    var config = RaftClientConfig.of(List.of("127.0.0.1:" + ports[0])).withRequestTimeout(Duration.ofSeconds(1));
    try (var client = RaftClusterClient.connect(config)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.get("config")).isInstanceOf(CoordinatorException.class)
          .hasMessageContaining("127.0.0.1:" + ports[0]);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(client.hasQuorum()).isFalse();
      assertThat(client.currentLeader()).isEmpty();
    }
  }

  @Test
  void addressesAreCheckedWithPaths() {
    assertThatThrownBy(() -> RaftClientConfig.of(List.of("no-port"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> RaftClientConfig.of(List.of()).withRequestTimeout(Duration.ZERO))
        .isInstanceOf(Ha4jConfigException.class)
        .satisfies(e -> assertThat(((Ha4jConfigException) e).violations()).extracting(ConfigViolation::path)
            .contains("raftClient.peers"));
    assertThat(RaftClientConfig.of(List.of("n1@10.0.0.1:9870", "10.0.0.2:9870")).peers())
        .extracting(RaftPeerAddress::id).containsExactly("n1", "peer-10.0.0.2-9870");
  }
}
