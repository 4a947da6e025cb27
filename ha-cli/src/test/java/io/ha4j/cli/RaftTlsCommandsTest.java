package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.raft.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The CLI's --tls-* options with --raft, against a real three-node cluster with mutual TLS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaftTlsCommandsTest {

  private TestPki pki;
  private LoopbackCluster cluster;

  @BeforeAll
  void startCluster() throws java.io.IOException {
    pki = new TestPki(java.nio.file.Files.createTempDirectory("ha4j-cli-tls")).ca("ca").cert("node1", "ca").cert("node2", "ca").cert("node3", "ca").cert("cli", "ca")
        .ca("foreign-ca").cert("stranger", "foreign-ca");
    cluster = new LoopbackCluster();
    cluster.tls = id -> pki.stores(id, "ca");
    cluster.start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (pki != null) {
      try (var files = java.nio.file.Files.walk(pki.dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // temp files
      }
    }
  }

  private CliRun ha4j(String keyStore, String... args) {
    String[] all = new String[args.length + 12];
    System.arraycopy(args, 0, all, 0, args.length);
    String[] tail = {"--raft", cluster.raftArg(), "--timeout", "3s",
        "--tls-keystore", pki.file(keyStore + ".p12").toString(), "--tls-keystore-password", TestPki.PASSWORD,
        "--tls-truststore", pki.file("ca-trust.p12").toString(), "--tls-truststore-password", TestPki.PASSWORD};
    System.arraycopy(tail, 0, all, args.length, tail.length);
    return CliRun.run(all);
  }

  @Test
  void withTheClustersCaTheCliReadsAndWrites() {
    CliRun set = ha4j("cli", "property", "set", "no-quorum-policy=freeze");
    assertThat(set.err()).isEmpty();
    assertThat(set.exitCode()).isZero();
    assertThat(ha4j("cli", "property", "list").out()).contains("no-quorum-policy=freeze");
    assertThat(ha4j("cli", "status").exitCode()).isZero();
    ha4j("cli", "property", "set", "no-quorum-policy=stop");
  }

  @Test
  void aForeignCertificateOrNoneCannotWrite() {
    CliRun stranger = ha4j("stranger", "property", "set", "no-quorum-policy=ignore");
    assertThat(stranger.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    CliRun plain = CliRun.run("property", "set", "no-quorum-policy=ignore", "--raft", cluster.raftArg(), "--timeout", "3s");
    assertThat(plain.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ha4j("cli", "property", "list").out()).doesNotContain("no-quorum-policy=ignore");
  }

  @Test
  void badTlsFilesAndPasswordsNameTheOption() {
    CliRun missing = CliRun.run("status", "--raft", cluster.raftArg(), "--tls-keystore", "/nonexistent.p12",
        "--tls-keystore-password", "x", "--tls-truststore", pki.file("ca-trust.p12").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(missing.err().lines()).singleElement().asString()
        .contains("--tls-keystore: file not found: /nonexistent.p12");

    CliRun wrong = CliRun.run("status", "--raft", cluster.raftArg(), "--tls-keystore", pki.file("cli.p12").toString(),
        "--tls-keystore-password", "wrong", "--tls-truststore", pki.file("ca-trust.p12").toString(),
        "--tls-truststore-password", TestPki.PASSWORD);
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(wrong.err().lines()).singleElement().asString().contains("--tls-keystore-password: wrong password");
  }
}
