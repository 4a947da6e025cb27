package io.ha4j.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.test.Journal;
import io.ha4j.test.RecordingAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The production runtime over three real Ratis peers on loopback, in one JVM, on real time: a group
 * runs on one node; its coordinator is killed abruptly (no resign, no session close); the node's
 * lease watchdog stops the group, and the others start it only after that.
 */
class RaftFailoverTest {

  private static Primitive member(String id) {
    return Primitive.builder(id, RecordingAgent.TYPE).monitor(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  @Test
  void killingTheHoldersCoordinatorMovesTheGroupWithoutOverlap() throws IOException {
    List<String> ids = List.of("node1", "node2", "node3");
    ClusterConfig config = ClusterConfig.builder().nodes(ids.toArray(String[]::new))
        .group("WebGroup", member("ClusterVIP"), member("WebService")).build();
    Path root = Files.createTempDirectory("ha4j-runtime-raft");
    int[] ports = freePorts(3);
    List<RaftPeerAddress> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(new RaftPeerAddress(ids.get(i), "127.0.0.1", ports[i], false, 0));
    }
    Journal journal = new Journal();
    Map<String, RecordingAgent> agents = new LinkedHashMap<>();
    Map<String, RaftCoordinator> coordinators = new ConcurrentHashMap<>();
    Map<String, Ha4jNode> nodes = new ConcurrentHashMap<>();
    Set<String> halted = ConcurrentHashMap.newKeySet();
    ids.forEach(id -> agents.put(id, new RecordingAgent(id, journal)));
    try {
      ids.parallelStream().forEach(id -> {
        var b = RaftCoordinatorConfig.builder().nodeId(id).storageDir(root.resolve(id)).timing(RaftTiming.DEFAULT);
        peers.forEach(b::peer);
        RaftCoordinator c = RaftCoordinator.start(b.build());
        coordinators.put(id, c);
        Ha4jNode node = Ha4j.builder().nodeId(id).coordinator(c).configuration(config)
            .agent(RecordingAgent.TYPE, agents.get(id)).discoverAgents(false)
            .timing(Timing.DEFAULT).halt(reason -> halted.add(id)).build();
        nodes.put(id, node);
        node.start();
      });
      Awaitility.await("group placed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> runningOn(agents, "WebService").size() == 1 && runningOn(agents, "ClusterVIP").size() == 1);
      String holder = runningOn(agents, "WebService").iterator().next();
      assertThat(runningOn(agents, "ClusterVIP")).containsExactly(holder);

      long killedAt = System.nanoTime();
      coordinators.get(holder).crashForTest();
      Awaitility.await("group moved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            Set<String> on = runningOn(agents, "WebService");
            return on.size() == 1 && !on.contains(holder) && runningOn(agents, "ClusterVIP").equals(on);
          });
      long movedAt = System.nanoTime();
      System.out.printf("RaftFailoverTest: holder %s killed; group running elsewhere after %d ms%n", holder,
          (movedAt - killedAt) / 1_000_000);
      assertThat(journal.overlaps()).as(journal.toString()).isEmpty();
      assertThat(journal.entries()).filteredOn(e -> e.node().equals(holder) && e.kind() == Journal.Kind.STOP)
          .extracting(Journal.Entry::resource).containsExactly("WebService", "ClusterVIP");
      assertThat(halted).isEmpty();
    } finally {
      nodes.values().parallelStream().forEach(Ha4jNode::close);
      coordinators.values().parallelStream().forEach(RaftCoordinator::close);
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int[] freePorts(int n) throws IOException {
    List<java.net.ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        java.net.ServerSocket s = new java.net.ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (java.net.ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static Set<String> runningOn(Map<String, RecordingAgent> agents, String rsc) {
    Set<String> out = new TreeSet<>();
    agents.forEach((n, a) -> {
      if (a.isRunning(rsc)) {
        out.add(n);
      }
    });
    return out;
  }
}
