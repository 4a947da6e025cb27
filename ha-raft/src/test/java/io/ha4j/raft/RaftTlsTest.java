package io.ha4j.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.spi.CoordinatorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on real Ratis peers on 127.0.0.1 (gRPC): a proper cluster forms, elects, reads and
 * writes; a node or a client whose certificate is signed by another CA, or that has none, is refused.
 */
class RaftTlsTest {

  @TempDir static Path certs;
  static TestPki pki;

  @BeforeAll
  static void certificates() {
    pki = new TestPki(certs).ca("ca").cert("n1", "ca").cert("n2", "ca").cert("n3", "ca").cert("tool", "ca")
        .cert("elsewhere1", "ca", "dns:elsewhere.example").cert("elsewhere2", "ca", "dns:elsewhere.example")
        .ca("foreign-ca").cert("stranger", "foreign-ca");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the node reads the key (a refused node's reads fail: it reaches nobody, not even itself). */
  private static boolean seesKey(RaftCoordinator node, String key) {
    try {
      return node.get(key).isPresent();
    } catch (CoordinatorException e) {
      return false;
    }
  }

  private static List<String> addresses(LoopbackRaftCluster raft) {
    return raft.peers.stream().map(RaftPeerAddress::address).toList();
  }

  @Test
  void aTlsClusterFormsElectsReadsAndWritesWithStoresAndPemFiles() {
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST)) {
      raft.tls = id -> id.equals("n3") ? pki.pem(id, "ca") : pki.stores(id, "ca");
      raft.startAll();
      raft.await("a leader", () -> raft.nodes.values().stream().anyMatch(RaftCoordinator::isLeader));
      raft.node("n1").put("config/x", utf8("over-tls"));
      raft.await("n3 (PEM) sees the write", () -> raft.node("n3").get("config/x").isPresent());
      assertThat(raft.node("n2").get("config/x").orElseThrow().valueAsString()).isEqualTo("over-tls");

      var config = RaftClientConfig.of(addresses(raft)).withClusterName(raft.clusterName).withClientName("tool")
          .withTls(pki.stores("tool", "ca"));
      try (var client = RaftClusterClient.connect(config)) {
        assertThat(client.get("config/x").orElseThrow().valueAsString()).isEqualTo("over-tls");
        client.put("config/y", utf8("from-tool"));
        raft.await("the nodes see the client's write", () -> raft.node("n2").get("config/y").isPresent());
      }
    }
  }

  @Test
  void aNodeWithAForeignCertificateOrNoneTakesNoPart() {
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST)) {
      // n3 trusts the cluster's CA but its own certificate is signed by a foreign CA
      raft.tls = id -> id.equals("n3") ? pki.stores("stranger", "ca") : pki.stores(id, "ca");
      raft.start("n1");
      raft.start("n3");
      // n1 and n3 would be a quorum of three; with n3 refused nobody can be elected
      Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> !raft.node("n1").isLeader() && !raft.node("n3").isLeader()
              && !raft.node("n1").hasQuorum());

      raft.start("n2");
      raft.await("n1 and n2 elect a leader", () -> raft.node("n1").isLeader() || raft.node("n2").isLeader());
      raft.node("n1").put("config/secret", utf8("s"));
      Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
          .until(() -> !seesKey(raft.node("n3"), "config/secret") && !raft.node("n3").isLeader());
    }
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST)) {
      // n3 has no certificate at all: plain Netty, as without TLS
      raft.tls = id -> id.equals("n3") ? null : pki.stores(id, "ca");
      raft.start("n1");
      raft.start("n3");
      Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> !raft.node("n1").isLeader() && !raft.node("n3").isLeader());
    }
  }

  @Test
  void aNodesCertificateMustNameTheAddressItIsReachedAt() {
    // signed by the right CA, but naming another host than 127.0.0.1: the connecting side refuses it
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST)) {
      raft.tls = id -> pki.stores(id.equals("n1") ? "elsewhere1" : "elsewhere2", "ca");
      raft.start("n1");
      raft.start("n2");
      Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> !raft.node("n1").isLeader() && !raft.node("n2").isLeader());
    }
  }

  @Test
  void aClientWithAForeignCertificateOrNoneCannotWrite() {
    try (var raft = new LoopbackRaftCluster(List.of("n1", "n2", "n3"), List.of(), RaftTiming.LAN_FAST)) {
      raft.tls = id -> pki.stores(id, "ca");
      raft.startAll();
      raft.await("a leader", () -> raft.nodes.values().stream().anyMatch(RaftCoordinator::isLeader));
      var base = RaftClientConfig.of(addresses(raft)).withClusterName(raft.clusterName)
          .withRequestTimeout(Duration.ofSeconds(2));
      try (var stranger = RaftClusterClient.connect(base.withTls(pki.stores("stranger", "ca")))) {
        assertThatThrownBy(() -> stranger.put("config/x", utf8("evil"))).isInstanceOf(CoordinatorException.class);
      }
      try (var stranger = RaftClusterClient.connect(base.withTls(pki.pem("stranger", "foreign-ca")))) {
        assertThatThrownBy(() -> stranger.put("config/x", utf8("evil"))).isInstanceOf(CoordinatorException.class);
      }
      try (var plain = RaftClusterClient.connect(base)) {
        assertThatThrownBy(() -> plain.put("config/x", utf8("evil"))).isInstanceOf(CoordinatorException.class);
      }
      assertThat(raft.node("n1").get("config/x")).isEmpty();
      try (var tool = RaftClusterClient.connect(base.withTls(pki.stores("tool", "ca")))) {
        tool.put("config/x", utf8("good"));
      }
      raft.await("the proper client's write", () -> raft.node("n1").get("config/x").isPresent());
    }
  }

  @Test
  void badSettingsNameTheField(@TempDir Path tmp) throws IOException {
    var missing = RaftTlsConfig.ofStores(tmp.resolve("nope.p12"), "pw", pki.file("ca-trust.p12"), TestPki.PASSWORD);
    assertThat(missing.problems("raft.tls")).extracting(ConfigViolation::toString)
        .containsExactly("raft.tls.keyStore: file not found: " + tmp.resolve("nope.p12").toAbsolutePath());

    var wrongPassword = RaftTlsConfig.ofStores(pki.file("n1.p12"), "wrong", pki.file("ca-trust.p12"), "bad");
    assertThat(wrongPassword.problems("raft.tls")).extracting(ConfigViolation::path)
        .containsExactly("raft.tls.keyStorePassword", "raft.tls.trustStorePassword");
    assertThat(wrongPassword.problems("raft.tls").get(0).message()).startsWith("wrong password for ");

    Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a key");
    var badPem = RaftTlsConfig.ofPem(pki.file("n1.crt.pem"), garbage, garbage);
    assertThat(badPem.problems("raftClient.tls")).extracting(ConfigViolation::path)
        .containsExactly("raftClient.tls.privateKey", "raftClient.tls.trustedCertificates");

    var nothing = new RaftTlsConfig(null, null, null, null, null, null, null);
    assertThat(nothing.problems("raft.tls")).extracting(ConfigViolation::path)
        .containsExactly("raft.tls.keyStore", "raft.tls.trustStore");

    // the configuration builder reports them with the rest, as one Ha4jConfigException
    assertThatThrownBy(() -> RaftCoordinatorConfig.builder().nodeId("n1").peers("n1@127.0.0.1:1")
            .storageDir(tmp).tls(missing).build())
        .isInstanceOf(Ha4jConfigException.class)
        .hasMessageContaining("raft.tls.keyStore: file not found: ");
    assertThatThrownBy(() -> RaftClientConfig.of(List.of("127.0.0.1:1")).withTls(wrongPassword))
        .isInstanceOf(Ha4jConfigException.class)
        .hasMessageContaining("raftClient.tls.keyStorePassword: wrong password");
  }
}
