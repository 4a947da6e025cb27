package io.ha4j.test;

import static io.ha4j.test.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.Ha4jEvent;
import io.ha4j.spi.Coordinator;
import io.ha4j.test.Journal.Entry;
import io.ha4j.test.Journal.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partitions, stale epochs, controller failover: never two nodes running one resource. */
class SafetyTest {

  @Test
  void partitionedHolderStopsItsResourcesBeforeTheMajorityStartsThem() {
    try (var cluster = InProcessCluster.of(Scenarios.seed("node1", "node2", "node3").build())) {
      cluster.startAll().advance(seconds(5));
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");
      long cutAt = cluster.clock().monotonicNanos();
      cluster.partition("node1").advance(seconds(10));
      assertThat(cluster.runningOn("ClusterVIP")).hasSize(1).doesNotContain("node1");
      assertThat(cluster.runningOn("WebService")).isEqualTo(cluster.runningOn("ClusterVIP"));
      List<Entry> node1Stops = cluster.journal().entries().stream()
          .filter(e -> e.kind() == Kind.STOP && e.node().equals("node1")).toList();
      assertThat(node1Stops).extracting(Entry::resource).containsExactly("WebService", "ClusterVIP");
      assertThat(node1Stops.get(1).monotonicNanos() - cutAt)
          .isLessThan(cluster.timing().session().lease().toNanos());
      assertThat(cluster.halted()).isEmpty();
      assertThat(cluster.events("node1")).anySatisfy(e -> assertThat(e).isInstanceOf(Ha4jEvent.SelfFencing.class));

      cluster.heal("node1").advance(seconds(10));
      assertThat(cluster.runningOn("WebService")).hasSize(1).doesNotContain("node1");
      assertThat(cluster.node("node1").status().node("node1").orElseThrow().status())
          .isEqualTo(io.ha4j.NodeStatus.ONLINE);
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void actionsFromAnOlderEpochAreRejected() {
    try (var cluster = InProcessCluster.of(Scenarios.seed("node1", "node2", "node3").build())) {
      cluster.start("node3").advance(seconds(1)).start("node1").start("node2").advance(seconds(5));
      assertThat(cluster.leader()).contains("node3");
      long oldEpoch = cluster.node("node3").epoch();
      cluster.stop("node3").advance(seconds(5));
      assertThat(cluster.node("node1").epoch()).isGreaterThan(oldEpoch);
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");

      Coordinator intruder = cluster.ensemble().connect("intruder", true);
      String stale = "{\"format\":1,\"epoch\":" + oldEpoch + ",\"seq\":99,\"configVersion\":1,\"actions\":["
          + "{\"id\":0,\"type\":\"START\",\"resource\":\"ClusterVIP\",\"node\":\"node2\",\"reason\":null}],"
          + "\"orderings\":[]}";
      intruder.put("/transition", stale.getBytes(StandardCharsets.UTF_8));
      cluster.advance(seconds(5));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node1");
      assertThat(cluster.journal().overlaps()).isEmpty();
      intruder.close();
    }
  }

  /** Three nodes, node3 started first (so it leads), the group running on node1 or node2. */
  private static InProcessCluster groupRunningWithNode3Leading() {
    var cluster = InProcessCluster.of(Scenarios.seed("node1", "node2", "node3").build());
    cluster.start("node3").advance(seconds(1)).start("node1").start("node2").advance(seconds(5));
    assertThat(cluster.runningOn("ClusterVIP")).hasSize(1);
    return cluster;
  }

  private static String notRunningTheVip(InProcessCluster cluster) {
    return cluster.runningOn("ClusterVIP").contains("node2") ? "node1" : "node2";
  }

  /** Over the next 5 s, {@code node} starts nothing and nothing runs twice. */
  private static void assertNothingStartsOn(InProcessCluster cluster, String node) {
    cluster.advance(seconds(5));
    assertThat(cluster.journal().entries()).noneMatch(e -> e.kind() == Kind.START && e.node().equals(node));
    assertThat(cluster.journal().overlaps()).isEmpty();
  }

  /** A stored transition of {@code epoch} that starts ClusterVIP on {@code node}, published for {@code session}. */
  private static byte[] startVipTransition(long epoch, int seq, String node, long session) {
    return ("{\"format\":1,\"epoch\":" + epoch + ",\"seq\":" + seq + ",\"configVersion\":1,\"actions\":["
        + "{\"id\":0,\"type\":\"START\",\"resource\":\"ClusterVIP\",\"node\":\"" + node + "\",\"reason\":null}],"
        + "\"orderings\":[],\"sessions\":{\"" + node + "\":" + session + "}}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTransitionNotPublishedForTheNodesCurrentSessionIsNotRun() {
    // what a restarted node sees while its replica replays old log entries: a transition of the
    // current epoch, but published for an earlier incarnation of the node
    try (var cluster = groupRunningWithNode3Leading()) {
      String other = notRunningTheVip(cluster);
      long epoch = cluster.node("node3").epoch();
      Coordinator intruder = cluster.ensemble().connect("intruder", true);
      intruder.put("/transition", startVipTransition(epoch, 999, other, 987654321));
      assertNothingStartsOn(cluster, other);
      intruder.close();
    }
  }

  @Test
  void aNodeRunsOnlyForItsOwnSessionNotForAnotherSessionListedUnderItsName() {
    // a restarted Raft peer replaying its log lists its previous process's session under its own name
    // (and not yet its new one); the node adopted the highest listed session and so ran transitions
    // published for its previous incarnation (the real-process nemesis saw A and B on two nodes).
    // Here a second connection under the node's name plays the stale session.
    try (var cluster = groupRunningWithNode3Leading()) {
      String other = notRunningTheVip(cluster);
      long epoch = cluster.node("node3").epoch();
      Coordinator ghost = cluster.ensemble().connect(other);
      cluster.advance(seconds(1));
      long ghostSession = ghost.sessionId().orElseThrow();
      assertThat(ghost.members()).filteredOn(m -> m.nodeId().equals(other)).hasSize(2);
      ghost.put("/transition", startVipTransition(epoch, 998, other, ghostSession));
      assertNothingStartsOn(cluster, other);
      ghost.close();
    }
  }

  @Test
  void aNodeDoesNotBeginAnActionOfATransitionReplacedBeforeItRecordedTheAction() {
    // the node half of the race the real-process nemesis found (seed 11: A started on two nodes in one
    // epoch): a node read transition T1, the controller replaced it with T2 (having read no operation
    // of T1 in flight), and the node then recorded and ran T1's start anyway
    try (var cluster = groupRunningWithNode3Leading()) {
      String other = notRunningTheVip(cluster);
      long epoch = cluster.node("node3").epoch();
      Coordinator intruder = cluster.ensemble().connect("intruder", true);
      long session = intruder.members().stream().filter(m -> m.nodeId().equals(other)).findFirst().orElseThrow()
          .sessionId();
      // both written before the node handles the first: it sees T1, then finds it replaced
      intruder.put("/transition", startVipTransition(epoch, 999, other, session));
      intruder.put("/transition", ("{\"format\":1,\"epoch\":" + epoch + ",\"seq\":1000,\"configVersion\":1,"
          + "\"actions\":[],\"orderings\":[],\"sessions\":{\"" + other + "\":" + session + "}}")
          .getBytes(StandardCharsets.UTF_8));
      assertNothingStartsOn(cluster, other);
      intruder.close();
    }
  }

  @Test
  void theControllerDoesNotPublishOverAnObservedStateItHasNotRead() {
    // the controller half of that race: a node records an operation as begun between the controller's
    // read of the observed state and its publish; the publish must fail (and the next run see it)
    var injected = new java.util.concurrent.atomic.AtomicInteger();
    var publishedOverUnread = new java.util.concurrent.atomic.AtomicInteger();
    var cluster = InProcessCluster.builder(Scenarios.seed("node1", "node2", "node3").build())
        .coordinatorDecorator((node, c) -> injectStateWriteBeforePublish(c, injected, publishedOverUnread)).build();
    try (cluster) {
      cluster.startAll().advance(seconds(10));
      assertThat(cluster.runningOn("WebService")).hasSize(1);
      String from = cluster.runningOn("WebService").iterator().next();
      String to = from.equals("node1") ? "node2" : "node1";
      injected.set(0);
      cluster.on(from, n -> n.move("WebGroup", to, null)).advance(seconds(10));
      assertThat(injected.get()).as("state writes injected before a publish").isPositive();
      assertThat(publishedOverUnread.get()).as("publishes over a state the controller had not read").isZero();
      assertThat(cluster.runningOn("WebService")).containsExactly(to);
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly(to);
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  /**
   * A coordinator that, on the first three transition publishes after {@code injected} was reset,
   * first rewrites one observed-state key (same content, new version) as a node would, and counts the
   * publishes that still succeed.
   */
  private static Coordinator injectStateWriteBeforePublish(Coordinator c, java.util.concurrent.atomic.AtomicInteger
      injected, java.util.concurrent.atomic.AtomicInteger succeeded) {
    return (Coordinator) java.lang.reflect.Proxy.newProxyInstance(Coordinator.class.getClassLoader(),
        new Class<?>[] {Coordinator.class}, (proxy, method, args) -> {
          boolean publish = method.getName().equals("compareAndSet") && "/transition".equals(args[0]);
          boolean inject = publish && injected.get() < 3 && !c.list("/state/").isEmpty();
          if (inject) {
            injected.incrementAndGet();
            var state = c.list("/state/").get(0);
            c.put(state.key(), state.value());
          }
          try {
            Object result = method.invoke(c, args);
            if (inject && ((java.util.Optional<?>) result).isPresent()) {
              succeeded.incrementAndGet();
            }
            return result;
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aNewControllerFinishesATransitionItsPredecessorStarted() {
    var cluster = InProcessCluster.builder(Scenarios.seed("node1", "node2", "node3").build())
        .operationTime(Duration.ofSeconds(1)).build();
    try (cluster) {
      cluster.start("node3").advance(seconds(1)).start("node1").start("node2").advance(seconds(10));
      assertThat(cluster.leader()).contains("node3");
      assertThat(cluster.runningOn("WebService")).containsExactly("node1");
      cluster.on("node1", n -> n.move("WebGroup", "node2", null)).advance(Duration.ofMillis(2500));
      // mid-transition: WebService and ClusterVIP are stopping on node1 or starting on node2
      assertThat(cluster.runningOn("WebService")).isEmpty();
      cluster.crash("node3").advance(seconds(15));
      assertThat(cluster.leader()).isPresent().isNotEqualTo(java.util.Optional.of("node3"));
      assertThat(cluster.runningOn("ClusterVIP")).containsExactly("node2");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }

  @Test
  void aFailedStopWithoutAFencingDeviceHaltsTheNodeAndTheGroupMovesAfterItsLease() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(seconds(5));
      cluster.agent("node1").failNextStop("WebService");
      cluster.on("node2", n -> n.move("WebGroup", "node2", null)).advance(seconds(15));
      assertThat(cluster.halted()).containsExactly("node1");
      assertThat(cluster.runningOn("WebService")).containsExactly("node2");
      assertThat(cluster.journal().overlaps()).isEmpty();
    }
  }
}
