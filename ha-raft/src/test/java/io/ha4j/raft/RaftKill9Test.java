package io.ha4j.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.testkit.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three Raft nodes as separate JVMs: {@code kill -9} of the leader's JVM yields a new leader with a
 * higher epoch that commits a write, and the killed node recovers from its storage after a restart.
 */
class RaftKill9Test {
  private static final Logger log = LoggerFactory.getLogger(RaftKill9Test.class);
  private static final Duration WAIT = Duration.ofSeconds(40);

  private final List<ForkedJvm> jvms = new ArrayList<>();
  private Path root;

  @AfterEach
  void cleanUp() throws IOException {
    jvms.forEach(ForkedJvm::close);
    if (root != null) {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private ForkedJvm start(String id, List<String> peers) {
    List<String> args = new ArrayList<>(List.of(id, root.resolve(id).toString(), "LAN_FAST"));
    args.addAll(peers);
    ForkedJvm jvm = ForkedJvm.start(id, RaftNodeMain.class,
        List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"), args, root);
    jvms.add(jvm);
    return jvm;
  }

  private static long epochOf(String line) {
    return Long.parseLong(line.split(" ")[1]);
  }

  @Test
  void killingTheLeadersJvmElectsANewLeaderWithAHigherEpochThatCommits() throws IOException {
    root = Files.createTempDirectory("ha4j-raft-kill9");
    int[] ports = LoopbackRaftCluster.freePorts(3);
    List<String> ids = List.of("n1", "n2", "n3");
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(ids.get(i) + "@127.0.0.1:" + ports[i]);
    }
    ForkedJvm[] nodes = new ForkedJvm[3];
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(ids.get(i), peers);
    }

    // the first leader: any node that committed a write under its epoch
    int leaderIndex = -1;
    long epoch = 0;
    long deadline0 = System.nanoTime() + WAIT.toNanos();
    while (leaderIndex < 0 && System.nanoTime() < deadline0) {
      for (int i = 0; i < 3 && leaderIndex < 0; i++) {
        Optional<String> wrote = nodes[i].awaitLine(0, l -> l.startsWith("WROTE "), Duration.ofMillis(50));
        if (wrote.isPresent()) {
          leaderIndex = i;
          epoch = epochOf(wrote.get());
        }
      }
    }
    assertThat(leaderIndex).as("a first leader that committed a write").isNotNegative();

    for (int round = 0; round < 2; round++) {
      ForkedJvm leader = nodes[leaderIndex];
      int[] marks = new int[3];
      for (int i = 0; i < 3; i++) {
        marks[i] = nodes[i].lines().size();
      }
      long killedAt = System.nanoTime();
      leader.kill9();
      final long old = epoch;
      String newLeaderLine = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (newLeaderLine == null && System.nanoTime() < deadline) {
        for (int i = 0; i < 3 && newLeaderLine == null; i++) {
          if (i == leaderIndex) {
            continue;
          }
          newLeaderLine = nodes[i].awaitLine(marks[i], l -> l.startsWith("WROTE ") && epochOf(l) > old, Duration.ofMillis(20)).orElse(null);
        }
      }
      long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(newLeaderLine).as("a new leader with an epoch above " + old + " committed a write").isNotNull();
      log.warn("kill -9 of the leader (epoch {}) -> write committed at epoch {} after {} ms (round {})",
          old, epochOf(newLeaderLine), tookMs, round);
      int next = -1;
      for (int i = 0; i < 3; i++) {
        if (i != leaderIndex && nodes[i].lines().contains(newLeaderLine)) {
          next = i;
        }
      }
      assertThat(epochOf(newLeaderLine)).isGreaterThan(old);

      // the killed node comes back from its storage directory
      nodes[leaderIndex] = start(ids.get(leaderIndex) + "", peers);
      assertThat(nodes[leaderIndex].awaitLine(0, "READY"::equals, WAIT)).isPresent();
      leaderIndex = next;
      epoch = epochOf(newLeaderLine);
    }
  }
}
