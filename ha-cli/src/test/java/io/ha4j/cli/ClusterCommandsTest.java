package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster commands against a real running cluster (three Ratis peers and runtimes in this JVM,
 * {@link LoopbackCluster}); the command connects as a Raft client, as it would from another machine.
 * Each test leaves the cluster as it found it (WebGroup running, no constraints).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCommandsTest {

  private LoopbackCluster cluster;

  @BeforeAll
  void startCluster() {
    cluster = new LoopbackCluster().start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    assertThat(cluster.journal.overlaps()).isEmpty();
  }

  private CliRun ha4j(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--raft";
    all[args.length + 1] = cluster.raftArg();
    return CliRun.run(all);
  }

  private CliRun ok(String... args) {
    CliRun run = ha4j(args);
    assertThat(run.err()).as("stderr of %s", String.join(" ", args)).isEmpty();
    assertThat(run.exitCode()).as("exit code of %s", String.join(" ", args)).isZero();
    return run;
  }

  @Test
  void statusShowsLeaderNodesAndTheGroupLikePcsStatus() {
    String where = cluster.webGroupNode();
    CliRun run = ok("status");
    assertThat(run.out()).contains("Cluster Summary:", "partition with quorum", "3 nodes configured",
        "Online: [ node1 node2 node3 ]", "Resource Group: WebGroup:",
        "ClusterVIP\t(test:recording):\t Started " + where, "WebService\t(test:recording):\t Started " + where);
    assertThat(run.out()).containsPattern("Current leader: node[123] \\(epoch \\d+\\)");
  }

  @Test
  void statusJsonIsOneDocumentForMachines() {
    CliRun run = ok("status", "--json");
    JsonNode json = JsonMapper.builder().build().readTree(run.out());
    assertThat(json.get("quorate").asBoolean()).isTrue();
    assertThat(json.get("nodes")).hasSize(3);
    assertThat(json.get("nodes").get(0).get("status").asString()).isEqualTo(NodeStatus.ONLINE.name());
    assertThat(json.get("resources").get(1).get("id").asString()).isEqualTo("WebService");
    assertThat(json.get("resources").get(1).get("activeOn").get(0).asString()).isEqualTo(cluster.webGroupNode());
    assertThat(json.get("epoch").asLong()).isPositive();
  }

  @Test
  void statusWatchIsBoundedByCount() {
    CliRun run = ok("status", "--watch", "--count", "3", "--interval", "100ms");
    assertThat(run.out().split("Cluster Summary:", -1)).hasSize(4);
  }

  @Test
  void createUpdateDisableEnableAndDeleteAResource() {
    ok("resource", "create", "Extra", "test:recording", "color=blue", "--monitor", "5s", "--meta", "priority=5");
    cluster.await("Extra running", () -> cluster.runningOn("Extra").size() == 1);
    assertThat(ok("resource", "list").out()).contains("Resource: Extra (test:recording) meta {priority=5}",
        "parameters: {color=blue}", "operation monitor interval=5s timeout=20s");

    ok("resource", "update", "Extra", "color=red", "--meta", "resource-stickiness=INFINITY");
    assertThat(ok("resource", "list").out()).contains("parameters: {color=red}", "resource-stickiness=INFINITY");

    ok("resource", "disable", "Extra");
    cluster.await("Extra stopped", () -> cluster.runningOn("Extra").isEmpty());
    assertThat(ok("status").out()).contains("Extra\t(test:recording):\t Stopped (disabled)");
    ok("resource", "enable", "Extra");
    cluster.await("Extra running again", () -> cluster.runningOn("Extra").size() == 1);

    CliRun deleted = ok("resource", "delete", "Extra");
    assertThat(deleted.out()).contains("stopping Extra", "deleted Extra");
    assertThat(cluster.runningOn("Extra")).isEmpty();
    assertThat(ok("status").out()).doesNotContain("Extra");
  }

  @Test
  void aResourceCreatedIntoAGroupFollowsIt() {
    String where = cluster.webGroupNode();
    ok("resource", "create", "Cache", "test:recording", "--group", "WebGroup");
    cluster.await("Cache with the group", () -> cluster.runningOn("Cache").equals(java.util.Set.of(where)));
    ok("resource", "delete", "Cache");
    assertThat(ok("resource", "list").out()).doesNotContain("Cache");
  }

  @Test
  void moveBanClearAndExplain() {
    String from = cluster.webGroupNode();
    String to = from.equals("node3") ? "node2" : "node3";
    ok("resource", "move", "WebGroup", to, "--lifetime", "30m");
    cluster.await("moved", () -> cluster.runningOn("WebService").equals(java.util.Set.of(to)));
    CliRun status = ok("status");
    assertThat(status.out()).contains("Move/ban constraints:", "cli-prefer-WebGroup: WebGroup prefers " + to + " (INFINITY) until ");
    assertThat(ok("resource", "explain", "WebGroup").out())
        .contains("WebGroup allocation score on " + to + ": INFINITY", "WebGroup placed on: " + to);

    ok("resource", "clear", "WebGroup");
    CliRun ban = ok("resource", "ban", "WebGroup");
    assertThat(ban.out()).contains("banned WebGroup from " + to);
    cluster.await("away from " + to, () -> cluster.runningOn("WebService").size() == 1
        && !cluster.runningOn("WebService").contains(to));
    assertThat(ok("constraint", "list").out()).contains("cli-ban-WebGroup-on-" + to + ": WebGroup avoids " + to + " (-INFINITY)");
    ok("resource", "clear", "WebGroup");
    assertThat(ok("constraint", "list").out()).contains("no constraints");
  }

  @Test
  void constraintsAddListAndRemove() {
    ok("constraint", "add", "location", "WebGroup", "node1", "50");
    ok("constraint", "add", "order", "ClusterVIP", "WebService", "--id", "vip-first", "--optional");
    assertThat(ok("constraint", "list").out()).contains(
        "location   location-WebGroup-node1: WebGroup prefers node1 (50)",
        "order      vip-first: ClusterVIP then WebService (optional, symmetrical)");
    CliRun duplicate = ha4j("constraint", "add", "location", "WebGroup", "node1", "70");
    assertThat(duplicate.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(duplicate.err()).isEqualTo("ha4j: a constraint with id 'location-WebGroup-node1' already exists"
        + " (remove it first, or give --id)" + System.lineSeparator());
    ok("constraint", "remove", "location-WebGroup-node1", "vip-first");
    assertThat(ok("constraint", "list").out()).contains("no constraints");
    assertThat(ha4j("constraint", "add", "colocation", "WebService", "NoSuch", "INFINITY").err())
        .startsWith("ha4j: refused: constraints[colocation-WebService-NoSuch]");
  }

  @Test
  void standbyMovesTheGroupAwayAndUnstandbyEndsIt() {
    String from = cluster.webGroupNode();
    ok("node", "standby", from);
    cluster.await("away from the standby node", () -> cluster.runningOn("WebService").size() == 1
        && !cluster.runningOn("WebService").contains(from));
    assertThat(ok("status").out()).contains("Node " + from + ": standby");
    ok("node", "unstandby", from);
    assertThat(ok("status").out()).doesNotContain("standby");
    ok("node", "maintenance", from);
    assertThat(ok("status").out()).contains("Node " + from + ": maintenance");
    ok("node", "unmaintenance", from);
  }

  @Test
  void propertiesSetAndList() {
    ok("property", "set", "no-quorum-policy=freeze", "start-failure-is-fatal=false");
    assertThat(ok("property", "list").out()).contains("no-quorum-policy=freeze", "start-failure-is-fatal=false",
        "watchdog-fencing=true");
    ok("property", "set", "no-quorum-policy=stop", "start-failure-is-fatal=true");
    CliRun bad = ha4j("property", "set", "no-quorum-policy=sometimes");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).isEqualTo("ha4j: no-quorum-policy: 'sometimes' is not one of stop, freeze, ignore"
        + System.lineSeparator());
    assertThat(ok("resource", "defaults", "migration-threshold=3").out()).contains("resource-stickiness=100",
        "migration-threshold=3");
    ok("resource", "defaults", "migration-threshold=");
  }

  @Test
  void configExportImportAndValidate(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("config.json");
    Path cib = dir.resolve("config.xml");
    assertThat(ok("config", "export", "-o", json.toString()).out()).contains("exported configuration version");
    ok("config", "export", "--format", "cib", "-o", cib.toString());
    assertThat(Files.readString(cib)).contains("<cib", "<group id=\"WebGroup\"");
    CliRun offline = CliRun.run("config", "validate", json.toString());
    assertThat(offline.err()).isEmpty();
    assertThat(offline.out()).contains("valid: 3 nodes, 2 resources, 0 constraints");
    assertThat(ok("config", "validate").out()).contains("valid: configuration version");

    String before = cluster.webGroupNode();
    CliRun imported = ok("config", "import", json.toString());
    assertThat(imported.out()).contains("imported", "3 nodes, 2 resources, 0 constraints");
    assertThat(cluster.webGroupNode()).isEqualTo(before);

    Files.writeString(dir.resolve("bad.json"), "{\"format\": 1, \"nodes\": [], \"resources\": [{\"kind\": \"primitive\"}]}");
    CliRun bad = CliRun.run("config", "validate", dir.resolve("bad.json").toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).startsWith("ha4j: " + dir.resolve("bad.json") + " is not valid (");
  }

  @Test
  void drillMovesTheGroupMeasuresAndClearsItsBan() {
    String from = cluster.webGroupNode();
    CliRun run = ok("drill", "WebGroup", "--limit", "60s");
    System.out.print(run.out()); // the report, for the build log
    assertThat(run.out()).contains("Failover drill of WebGroup (move away from " + from + ")",
        "added cli-ban-WebGroup-on-" + from, "no member active on " + from + " any more", "never active on two nodes",
        "cleared cli-ban-WebGroup-on-" + from, "Result: PASS - WebGroup healthy on ");
    assertThat(cluster.runningOn("WebService")).doesNotContain(from);
    assertThat(ok("constraint", "list").out()).contains("no constraints");
  }

  @Test
  void drillKillNeedsTheNodesPid(@TempDir Path dir) {
    CliRun run = ha4j("drill", "WebGroup", "--kill", "--pid-file", dir + "/{node}.pid");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err()).startsWith("ha4j: cannot read " + dir + "/node").endsWith(".pid: no such file" + System.lineSeparator());
    CliRun both = ha4j("drill", "WebGroup", "--kill");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).isEqualTo("ha4j: --kill needs exactly one of --pid-file or --kill-command" + System.lineSeparator());
  }

  @Test
  void errorsAreOneLineWithAnExitCode() {
    CliRun unknown = ha4j("resource", "disable", "NoSuch");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).isEqualTo("ha4j: refused: resources[NoSuch]: no such resource" + System.lineSeparator());

    CliRun noNode = ha4j("node", "standby", "node9");
    assertThat(noNode.err()).isEqualTo("ha4j: refused: nodes[node9]: no such node" + System.lineSeparator());

    CliRun missing = CliRun.run("resource");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).startsWith("ha4j: missing a subcommand: create, update, delete");

    CliRun tls = ha4j("status", "--tls-keystore", "/nonexistent");
    assertThat(tls.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tls.err().lines()).singleElement().asString().contains("give both --tls-keystore and --tls-truststore");

    CliRun jaas = ha4j("status", "--jaas-config", "/nonexistent");
    assertThat(jaas.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(jaas.err().lines()).singleElement().asString().contains("need --zookeeper");
  }

  @Test
  void anUnreachableClusterFailsWithinTheTimeout() {
    int port = LoopbackCluster.freePorts(1)[0];
    long start = System.nanoTime();
    CliRun run = CliRun.run("status", "--raft", "127.0.0.1:" + port, "--timeout", "1s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("ha4j: cluster unavailable: ").contains("127.0.0.1:" + port);
  }

  @Test
  void withoutABackendItSaysWhichOptionsAreMissing() {
    CliRun run = CliRun.run("status");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("give --raft HOST:PORT,... or --zookeeper CONNECT");
  }
}
