package io.ha4j.examples.agent;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTiming;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom agent at work, all in one JVM: three nodes (three embedded Raft peers on loopback), a
 * resource {@code report-job} of type {@code app:job} found through ServiceLoader; the node running
 * it leaves, another takes it over. Prints where the job runs; ends by itself in about 15 s.
 */
public final class CustomAgentDemo {
  private CustomAgentDemo() {}

  /** Runs the demo. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ha4j-custom-agent");
    List<String> peers = new ArrayList<>();
    List<String> names = List.of("node1", "node2", "node3");
    for (String n : names) {
      try (ServerSocket s = new ServerSocket(0)) {
        peers.add(n + "@127.0.0.1:" + s.getLocalPort());
      }
    }
    ClusterConfig config = ClusterConfig.builder().nodes("node1", "node2", "node3")
        .resource(Primitive.builder("report-job", ReportJobAgent.TYPE).param("every", "PT0.5S")
            .monitor(Duration.ofSeconds(2), Duration.ofSeconds(5)).build())
        .build();
    Map<String, Ha4jNode> nodes = new LinkedHashMap<>();
    names.parallelStream().forEach(n -> {
      RaftCoordinatorConfig raft = RaftCoordinatorConfig.builder().nodeId(n).peers(peers.toArray(String[]::new))
          .storageDir(dir.resolve(n)).timing(RaftTiming.DEFAULT).build();
      Ha4jNode node = Ha4j.builder().nodeId(n).coordinator(clock -> RaftCoordinator.start(raft))
          .configuration(config).build();      // no .agent(...): ReportJobAgentProvider is found by ServiceLoader
      node.start();
      synchronized (nodes) {
        nodes.put(n, node);
      }
    });
    try {
      String first = awaitRunning(nodes, null);
      System.out.println("report-job runs on " + first + "; stopping " + first + " (a clean leave)");
      nodes.remove(first).close();
      String second = awaitRunning(nodes, first);
      System.out.println("report-job moved to " + second);
      Thread.sleep(1500);
    } finally {
      nodes.values().parallelStream().forEach(Ha4jNode::close);
      deleteTree(dir);
    }
  }

  /** Waits (at most 30 s) until a node other than {@code not} reports the job started. */
  static String awaitRunning(Map<String, Ha4jNode> nodes, String not) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      for (Ha4jNode n : List.copyOf(nodes.values())) {
        try {
          Optional<String> on = n.status().resource("report-job").flatMap(r -> r.node());
          if (on.isPresent() && !on.get().equals(not)) {
            return on.get();
          }
        } catch (RuntimeException e) {
          // not ready yet (no quorum, no configuration stored): ask again
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("report-job did not start within 30 s");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
