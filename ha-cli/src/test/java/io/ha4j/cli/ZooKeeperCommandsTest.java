package io.ha4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Timing;
import io.ha4j.test.Journal;
import io.ha4j.test.RecordingAgent;
import io.ha4j.zookeeper.ZooKeeperCoordinator;
import io.ha4j.zookeeper.ZooKeeperCoordinatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The cluster commands over ZooKeeper: the command joins as a witness, sees the nodes and changes the configuration. */
class ZooKeeperCommandsTest {

  @Test
  void statusAndMoveThroughZooKeeper() throws Exception {
    List<String> ids = LoopbackCluster.NODES;
    Journal journal = new Journal();
    Map<String, RecordingAgent> agents = new ConcurrentHashMap<>();
    Map<String, Ha4jNode> nodes = new ConcurrentHashMap<>();
    try (TestingServer zk = new TestingServer(true)) {
      try {
        for (String id : ids) {
          agents.put(id, new RecordingAgent(id, journal));
          var config = ZooKeeperCoordinatorConfig.builder().nodeId(id).connectString(zk.getConnectString())
              .namespace("cli-test").build();
          Ha4jNode node = Ha4j.builder().nodeId(id).coordinator(clock -> ZooKeeperCoordinator.start(config))
              .configuration(LoopbackCluster.seed()).agent(RecordingAgent.TYPE, agents.get(id)).discoverAgents(false)
              .timing(Timing.DEFAULT).halt(reason -> { }).build();
          node.start();
          nodes.put(id, node);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
            agents.values().stream().filter(a -> a.isRunning("WebService")).count() == 1);
        String[] zkArgs = {"--zookeeper", zk.getConnectString(), "--zk-namespace", "cli-test"};

        CliRun status = CliRun.run(concat(new String[] {"status"}, zkArgs));
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).contains("Online: [ node1 node2 node3 ]", "Resource Group: WebGroup:",
            "partition with quorum", "by ha4j-cli-");

        CliRun move = CliRun.run(concat(new String[] {"resource", "move", "WebGroup", "node3"}, zkArgs));
        assertThat(move.exitCode()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> agents.get("node3").isRunning("WebService"));
        assertThat(CliRun.run(concat(new String[] {"resource", "clear", "WebGroup"}, zkArgs)).exitCode()).isZero();
        assertThat(journal.overlaps()).isEmpty();

        CliRun wrongNamespace = CliRun.run("status", "--zookeeper", zk.getConnectString(), "--zk-namespace", "empty");
        assertThat(wrongNamespace.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(wrongNamespace.err()).isEqualTo("ha4j: no configuration in the store yet" + System.lineSeparator());
      } finally {
        nodes.values().parallelStream().forEach(Ha4jNode::close);
      }
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
