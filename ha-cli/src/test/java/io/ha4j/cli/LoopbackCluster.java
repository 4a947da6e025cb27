package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftPeerAddress;
import io.ha4j.raft.RaftTiming;
import io.ha4j.test.Journal;
import io.ha4j.test.RecordingAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real three-node cluster in this JVM: three Ratis peers on loopback (free ports), each running the
 * production runtime with a {@link RecordingAgent}, on real time with the DEFAULT timing. The seed's
 * group {@code WebGroup} = {@code ClusterVIP} then {@code WebService}. The CLI reaches it with
 * {@link #raftArg()}, as a client, like from another machine.
 */
final class LoopbackCluster implements AutoCloseable {
  static final List<String> NODES = List.of("node1", "node2", "node3");

  final Journal journal = new Journal();
  final Map<String, RecordingAgent> agents = new ConcurrentHashMap<>();
  final Map<String, Ha4jNode> nodes = new ConcurrentHashMap<>();
  private final Path root;
  private final List<RaftPeerAddress> peers = new ArrayList<>();
  /** Each node's Raft TLS settings ({@code null}: plain Netty). */
  java.util.function.Function<String, io.ha4j.raft.RaftTlsConfig> tls = id -> null;

  LoopbackCluster() {
    try {
      root = Files.createTempDirectory("ha4j-cli-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = freePorts(NODES.size());
    for (int i = 0; i < NODES.size(); i++) {
      peers.add(RaftPeerAddress.of(NODES.get(i), "127.0.0.1", ports[i]));
    }
    NODES.forEach(n -> agents.put(n, new RecordingAgent(n, journal)));
  }

  static Primitive member(String id) {
    return Primitive.builder(id, RecordingAgent.TYPE).monitor(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
  }

  static ClusterConfig seed() {
    return ClusterConfig.builder().nodes(NODES.toArray(String[]::new))
        .group("WebGroup", member("ClusterVIP"), member("WebService")).build();
  }

  LoopbackCluster start() {
    NODES.parallelStream().forEach(id -> {
      var b = RaftCoordinatorConfig.builder().nodeId(id).storageDir(root.resolve(id)).timing(RaftTiming.DEFAULT)
          .tls(tls.apply(id));
      peers.forEach(b::peer);
      RaftCoordinator c = RaftCoordinator.start(b.build());
      Ha4jNode node = Ha4j.builder().nodeId(id).coordinator(clock -> c).configuration(seed())
          .agent(RecordingAgent.TYPE, agents.get(id)).discoverAgents(false).timing(Timing.DEFAULT)
          .halt(reason -> { }).build();
      node.start();
      nodes.put(id, node);
    });
    await("WebGroup running", () -> runningOn("WebService").size() == 1 && runningOn("ClusterVIP").equals(runningOn("WebService")));
    return this;
  }

  /** The {@code --raft} value: host:port of every peer, no ids. */
  String raftArg() {
    return String.join(",", peers.stream().map(RaftPeerAddress::address).toList());
  }

  Set<String> runningOn(String resource) {
    Set<String> out = new TreeSet<>();
    agents.forEach((n, a) -> {
      if (a.isRunning(resource)) {
        out.add(n);
      }
    });
    return out;
  }

  String webGroupNode() {
    return runningOn("WebService").iterator().next();
  }

  void await(String what, BooleanSupplier condition) {
    Awaitility.await().alias(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }

  static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  @Override
  public void close() {
    nodes.values().parallelStream().forEach(Ha4jNode::close);
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files
    }
  }
}
