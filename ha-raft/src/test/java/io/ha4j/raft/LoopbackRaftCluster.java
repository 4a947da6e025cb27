package io.ha4j.raft;

import org.awaitility.Awaitility;

import io.ha4j.spi.Coordinator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Raft peers in this JVM on loopback with free ports, each with its own storage directory. */
final class LoopbackRaftCluster implements AutoCloseable {

  final Path root;
  final RaftTiming timing;
  final List<RaftPeerAddress> peers;
  /**
   * A Raft group name of its own: a peer or client left running by an earlier test (same JVM) whose
   * port this cluster reuses cannot send it commands (they would be applied: same default group).
   */
  final String clusterName = "ha4j-test-" + CLUSTERS.incrementAndGet();
  private static final java.util.concurrent.atomic.AtomicInteger CLUSTERS =
      new java.util.concurrent.atomic.AtomicInteger();
  final Map<String, RaftCoordinator> nodes = new LinkedHashMap<>();
  long snapshotEvery = 10_000;
  /** Each node's TLS settings by id ({@code null}: plain Netty). */
  java.util.function.Function<String, RaftTlsConfig> tls = id -> null;

  LoopbackRaftCluster(List<String> ids, List<String> witnesses, RaftTiming timing) {
    this.timing = timing;
    try {
      root = Files.createTempDirectory("ha4j-raft-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RaftPeerAddress> list = new ArrayList<>();
    int[] ports = freePorts(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      list.add(new RaftPeerAddress(ids.get(i), "127.0.0.1", ports[i], witnesses.contains(ids.get(i)), 0));
    }
    peers = List.copyOf(list);
  }

  static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        s.setReuseAddress(true);
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

  RaftCoordinatorConfig config(String id, List<RaftPeerAddress> peerSet) {
    var b = RaftCoordinatorConfig.builder()
        .nodeId(id)
        .storageDir(root.resolve(id))
        .clusterName(clusterName)
        .timing(timing)
        .snapshotEvery(snapshotEvery)
        .tls(tls.apply(id));
    peerSet.forEach(b::peer);
    return b.build();
  }

  LoopbackRaftCluster startAll() {
    // start in parallel: each server waits for the others to elect a leader
    peers.parallelStream().forEach(p -> {
      RaftCoordinator c = RaftCoordinator.start(config(p.id(), peers));
      synchronized (nodes) {
        nodes.put(p.id(), c);
      }
    });
    return this;
  }

  RaftCoordinator node(String id) {
    synchronized (nodes) {
      return nodes.get(id);
    }
  }

  void start(String id) {
    RaftCoordinator c = RaftCoordinator.start(config(id, peers));
    synchronized (nodes) {
      nodes.put(id, c);
    }
  }

  void crash(String id) {
    node(id).crashForTest();
  }

  void await(String what, BooleanSupplier condition) {
    Awaitility.await().alias(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  @Override
  public void close() {
    List<RaftCoordinator> all;
    synchronized (nodes) {
      all = new ArrayList<>(nodes.values());
    }
    all.parallelStream().forEach(Coordinator::close);
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files
    }
  }
}
