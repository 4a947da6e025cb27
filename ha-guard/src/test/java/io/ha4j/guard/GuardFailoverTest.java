package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ha4j.testkit.ForkedJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: three ha4j nodes as separate JVMs ({@link GuardedNodeMain}, embedded Raft on
 * loopback, DEFAULT timing), each with its own network namespace and its own guard. One primitive,
 * a virtual IP. The JVM holding it is killed (-9) or frozen (SIGSTOP); its guard must remove the
 * address from its namespace before another node adds it to its own — judged from {@code ip
 * monitor} in each namespace, i.e. at the address itself. Needs root and {@code ip}.
 */
class GuardFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(GuardFailoverTest.class);
  /**
   * DEFAULT (lease 3 s): LAN_FAST (lease 400 ms) flaps on a loaded two-core machine running six
   * JVMs, which tests the runtime's liveness rather than the guard.
   */
  private static final String TIMING = "DEFAULT";

  @TempDir Path dir;
  private final List<TestNamespace> namespaces = new ArrayList<>();
  private final List<AddressMonitor> monitors = new ArrayList<>();
  private final List<ForkedJvm> nodes = new ArrayList<>();
  private final List<Long> guardPids = new ArrayList<>();
  private final String vip = TestNamespace.randomAddress();

  @BeforeEach
  void cluster() throws IOException {
    Optional<String> why = TestNamespace.unavailableReason();
    if (why.isPresent()) {
      System.out.println("GuardFailoverTest skipped: " + why.get());
    }
    assumeThat(why).as("network namespaces usable").isEmpty();
    int[] ports = freePorts(3);
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add("n" + (i + 1) + "@127.0.0.1:" + ports[i]);
    }
    for (int i = 0; i < 3; i++) {
      TestNamespace ns = TestNamespace.create();
      namespaces.add(ns);
      monitors.add(AddressMonitor.start(ns));
    }
    for (int i = 0; i < 3; i++) {
      String id = "n" + (i + 1);
      List<String> args = new ArrayList<>(List.of(id, dir.resolve(id).toString(), namespaces.get(i).name(), vip,
          TIMING, dir.resolve(id + "-guard.err").toString()));
      args.addAll(peers);
      nodes.add(ForkedJvm.start(id, GuardedNodeMain.class,
          List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"), args, dir));
    }
    for (ForkedJvm n : nodes) {
      String guard = n.awaitLine(0, l -> l.startsWith("GUARD "), Duration.ofSeconds(30))
          .orElseThrow(() -> new AssertionError(n.name() + " did not start its guard" + logs()));
      guardPids.add(Long.parseLong(guard.split(" ")[1]));
    }
    for (ForkedJvm n : nodes) {
      assertThat(n.awaitLine(0, "STARTED"::equals, Duration.ofSeconds(60))).as(n.name() + logs()).isPresent();
    }
  }

  @AfterEach
  void cleanUp() {
    nodes.forEach(ForkedJvm::close);
    for (long pid : guardPids) {
      ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").contains("java"))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
    monitors.forEach(AddressMonitor::close);
    namespaces.forEach(TestNamespace::close);
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      b.append(GuardNetnsTest.logs(dir, "n" + i));
    }
    return b.toString();
  }

  private List<Integer> holders() {
    return IntStream.range(0, 3).filter(i -> namespaces.get(i).hasAddress(vip)).boxed().toList();
  }

  private void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " not within " + atMost + logs(), e);
    }
  }

  /** Runs the failure on the holder and checks the order of removal and takeover at the address. */
  private void failHolder(boolean freeze) {
    await("the VIP placed on one node", Duration.ofSeconds(60), () -> holders().size() == 1);
    int old = holders().get(0);
    ForkedJvm holder = nodes.get(old);
    long t0 = System.nanoTime();
    if (freeze) {
      holder.pause();
    } else {
      holder.kill9();
    }
    await("the VIP moved", Duration.ofSeconds(30), () -> {
      List<Integer> h = holders();
      return h.size() == 1 && h.get(0) != old;
    });
    int now = holders().get(0);
    OptionalLong removed = monitors.get(old).awaitDeleted(vip, t0, Duration.ofSeconds(1));
    OptionalLong added = monitors.get(now).awaitAdded(vip, t0, Duration.ofSeconds(1));
    assertThat(removed).as("removed from the old holder's namespace" + logs()).isPresent();
    assertThat(added).isPresent();
    long removedMs = TimeUnit.NANOSECONDS.toMillis(removed.getAsLong() - t0);
    long addedMs = TimeUnit.NANOSECONDS.toMillis(added.getAsLong() - t0);
    log.info("{} of n{}: VIP removed by its guard after {} ms, added on n{} after {} ms (gap {} ms)",
        freeze ? "SIGSTOP" : "kill -9", old + 1, removedMs, now + 1, addedMs, addedMs - removedMs);
    assertThat(removed.getAsLong()).as("removed before the takeover" + logs()).isLessThan(added.getAsLong());
    if (freeze) {
      await("the frozen JVM killed by its guard", Duration.ofSeconds(10), () -> !holder.isAlive());
    }
  }

  @Test
  void kill9OfTheHolderRemovesTheVipBeforeAnotherNodeAddsIt() {
    failHolder(false);
  }

  @Test
  void aFrozenHolderLosesTheVipBeforeAnotherNodeAddsItAndIsKilled() {
    failHolder(true);
  }
}
