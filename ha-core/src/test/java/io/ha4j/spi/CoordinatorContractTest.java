package io.ha4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Coordinator} implementation must show. A backend's test extends this
 * class and supplies a {@link Cluster} of at least three candidate nodes; every test here then runs
 * against it. Waiting goes through {@link Cluster#await}, which advances virtual time for the
 * in-memory backend and polls real time for the others.
 */
public abstract class CoordinatorContractTest {

  /** A running cluster of coordinators that a test can break and repair. */
  public interface Cluster extends AutoCloseable {

    /** The candidate nodes (at least three, none a witness), all started. */
    List<String> candidates();

    /** The node's current coordinator (a new one after {@link #restart}). */
    Coordinator node(String id);

    /** Stops the node abruptly (no goodbye to the quorum). */
    void crash(String id);

    /** Starts a crashed node again, with whatever it had persisted. */
    void restart(String id);

    /** Ends the node's session in the quorum's view, as after a long pause. */
    void expireSession(String id);

    /** Cuts the node off from the quorum (other nodes may stop being usable until {@link #reconnect}). */
    void isolate(String id);

    /** Undoes {@link #isolate}. */
    void reconnect(String id);

    /** Waits until the condition holds; fails the test with {@code what} after the backend's bound. */
    void await(String what, BooleanSupplier condition);

    @Override
    void close();
  }

  /** Builds and starts a fresh cluster for one test. */
  protected abstract Cluster createCluster() throws Exception;

  protected Cluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = createCluster();
  }

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  // ---- helpers ----

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The candidates that currently say they lead; asserts there is never more than one. */
  protected List<String> leaders(List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (cluster.node(id).isLeader()) {
        out.add(id);
      }
    }
    assertThat(out).as("nodes that think they lead").hasSizeLessThanOrEqualTo(1);
    return out;
  }

  /** Waits for exactly one leader among {@code ids} and returns it. */
  protected String awaitLeader(List<String> ids) {
    return awaitLeadership(ids).nodeId();
  }

  /**
   * Waits for exactly one leader among {@code ids} and returns its grant as the check saw it:
   * leadership is a local deadline that may lapse between two separate reads on a loaded machine.
   */
  protected Leadership awaitLeadership(List<String> ids) {
    java.util.concurrent.atomic.AtomicReference<Leadership> found = new java.util.concurrent.atomic.AtomicReference<>();
    cluster.await("a leader among " + ids, () -> {
      List<Leadership> held = new ArrayList<>();
      for (String id : ids) {
        cluster.node(id).leadership().ifPresent(l -> {
          assertThat(l.nodeId()).as("the grant %s holds", id).isEqualTo(id);
          held.add(l);
        });
      }
      assertThat(held).as("nodes that think they lead").hasSizeLessThanOrEqualTo(1);
      found.set(held.size() == 1 ? held.get(0) : null);
      return found.get() != null;
    });
    return found.get();
  }

  private List<String> others(String id) {
    return cluster.candidates().stream().filter(n -> !n.equals(id)).toList();
  }

  // ---- election ----

  @Test
  void electsExactlyOneLeaderThatEveryoneAgreesOn() {
    Leadership grant = awaitLeadership(cluster.candidates());
    String leader = grant.nodeId();
    assertThat(grant.epoch()).isPositive();
    assertThat(cluster.node(leader).epoch()).isGreaterThanOrEqualTo(grant.epoch());
    for (String id : cluster.candidates()) {
      cluster.await(id + " sees " + leader + " as leader",
          () -> cluster.node(id).currentLeader().map(Leadership::nodeId).equals(Optional.of(leader)));
      assertThat(cluster.node(id).hasQuorum()).isTrue();
    }
    cluster.await("every candidate is a member",
        () -> cluster.node(leader).members().stream().map(Member::nodeId).distinct().count()
            >= cluster.candidates().size());
    for (String id : cluster.candidates()) {
      cluster.await(id + "'s own session is the one the cluster lists", () -> cluster.node(id).sessionId().isPresent()
          && cluster.node(leader).members().contains(new Member(id, false, cluster.node(id).sessionId().getAsLong())));
    }
  }

  @Test
  void epochStrictlyIncreasesAcrossCrashFailovers() {
    List<String> ids = cluster.candidates();
    long lastEpoch = 0;
    for (int round = 0; round < 2; round++) {
      Leadership grant = awaitLeadership(ids);
      String leader = grant.nodeId();
      long epoch = grant.epoch();
      assertThat(epoch).as("epoch in round " + round).isGreaterThan(lastEpoch);
      lastEpoch = epoch;
      cluster.crash(leader);
      List<String> rest = others(leader);
      long before = epoch;
      cluster.await("a new leader after " + leader + " crashed",
          () -> leaders(rest).size() == 1
              && cluster.node(leaders(rest).get(0)).leadership().map(Leadership::epoch).orElse(0L) > before);
      String next = leaders(rest).get(0);
      assertThat(cluster.node(next).put("after-failover/" + round, bytes("x")).version()).isPositive();
      cluster.restart(leader);
      cluster.await(leader + " back with quorum", () -> cluster.node(leader).hasQuorum());
      assertThat(cluster.node(leader).epoch()).isGreaterThanOrEqualTo(before);
    }
  }

  @Test
  void resignHandsLeadershipToAnotherNodeWithAHigherEpoch() {
    List<String> ids = cluster.candidates();
    Leadership grant = awaitLeadership(ids);
    String leader = grant.nodeId();
    long epoch = grant.epoch();
    List<Leadership> lost = new CopyOnWriteArrayList<>();
    cluster.node(leader).addListener(new CoordinatorListener() {
      @Override
      public void leadershipLost(Leadership l) {
        lost.add(l);
      }
    });
    cluster.node(leader).resign();
    assertThat(cluster.node(leader).isLeader()).isFalse();
    cluster.await("another leader", () -> leaders(others(leader)).size() == 1);
    String next = leaders(others(leader)).get(0);
    assertThat(cluster.node(next).leadership().orElseThrow().epoch()).isGreaterThan(epoch);
    cluster.await("leadershipLost delivered", () -> !lost.isEmpty());
    assertThat(lost.get(0).epoch()).isEqualTo(epoch);
  }

  @Test
  void closingTheLeaderHandsOverAndRejectsFurtherUse() {
    List<String> ids = cluster.candidates();
    String leader = awaitLeader(ids);
    long epoch = cluster.node(leader).epoch();
    Coordinator closed = cluster.node(leader);
    closed.close();
    assertThat(closed.isLeader()).isFalse();
    assertThat(closed.hasQuorum()).isFalse();
    assertThatThrownBy(() -> closed.put("k", bytes("v"))).isInstanceOf(CoordinatorException.class);
    cluster.await("another leader", () -> leaders(others(leader)).size() == 1);
    String next = leaders(others(leader)).get(0);
    assertThat(cluster.node(next).leadership().orElseThrow().epoch()).isGreaterThan(epoch);
    cluster.restart(leader);
  }

  // ---- key-value store ----

  @Test
  void compareAndSetDetectsConflicts() {
    String a = cluster.candidates().get(0);
    String b = cluster.candidates().get(1);
    Coordinator na = cluster.node(a);
    Coordinator nb = cluster.node(b);
    cluster.await("quorum", () -> na.hasQuorum() && nb.hasQuorum());

    Versioned created = na.compareAndSet("cas/k", 0, bytes("one")).orElseThrow();
    assertThat(created.valueAsString()).isEqualTo("one");
    assertThat(nb.compareAndSet("cas/k", 0, bytes("dup"))).as("create when it exists").isEmpty();

    Versioned seenByB = nb.get("cas/k").orElseThrow();
    assertThat(seenByB).isEqualTo(created);
    Versioned updatedByA = na.compareAndSet("cas/k", created.version(), bytes("two")).orElseThrow();
    assertThat(updatedByA.version()).isGreaterThan(created.version());
    assertThat(nb.compareAndSet("cas/k", seenByB.version(), bytes("lost update"))).as("stale version").isEmpty();
    assertThat(nb.get("cas/k").orElseThrow().valueAsString()).isEqualTo("two");

    assertThat(nb.compareAndDelete("cas/k", seenByB.version())).isFalse();
    assertThat(nb.compareAndDelete("cas/k", updatedByA.version())).isTrue();
    assertThat(na.get("cas/k")).isEmpty();
    Versioned recreated = na.compareAndSet("cas/k", 0, bytes("three")).orElseThrow();
    assertThat(recreated.version()).as("versions are never reused for a key").isGreaterThan(updatedByA.version());
    assertThat(na.delete("cas/k")).isTrue();
    assertThat(na.delete("cas/k")).isFalse();
  }

  @Test
  void conditionalWritesSeeEveryConcurrentChangeOfTheKeysTheyDependOn() {
    // the controller/executor handshake: each side writes only if what the other writes did not move
    String a = cluster.candidates().get(0);
    String b = cluster.candidates().get(1);
    Coordinator na = cluster.node(a);
    Coordinator nb = cluster.node(b);
    cluster.await("quorum", () -> na.hasQuorum() && nb.hasQuorum());
    Versioned plan = na.put("cond/plan", bytes("plan 1"));
    Versioned state = nb.put("cond/state", bytes("idle"));

    // a node records "starting" while plan 1 is current: any version of its own key, created if absent
    Versioned starting = nb.compareAndSet("cond/state", Coordinator.ANY_VERSION, bytes("starting"),
        Map.of("cond/plan", plan.version())).orElseThrow();
    assertThat(starting.version()).isGreaterThan(state.version());
    Versioned fresh = nb.compareAndSet("cond/fresh", Coordinator.ANY_VERSION, bytes("x"),
        Map.of("cond/plan", plan.version())).orElseThrow();
    assertThat(nb.get("cond/fresh")).contains(fresh);

    // the controller read the state before that write: its plan 2 must not go out
    assertThat(na.compareAndSet("cond/plan", plan.version(), bytes("plan 2"),
        Map.of("cond/state", state.version()))).as("state moved since it was read").isEmpty();
    assertThat(na.get("cond/plan").orElseThrow().valueAsString()).isEqualTo("plan 1");
    Versioned plan2 = na.compareAndSet("cond/plan", plan.version(), bytes("plan 2"),
        Map.of("cond/state", starting.version())).orElseThrow();

    // now the node's next write under plan 1 is refused, and nothing was written
    assertThat(nb.compareAndSet("cond/state", Coordinator.ANY_VERSION, bytes("starting again"),
        Map.of("cond/plan", plan.version()))).as("plan replaced").isEmpty();
    assertThat(nb.get("cond/state").orElseThrow()).isEqualTo(starting);
    // a deleted condition key fails the condition; the written key's own version is checked as usual
    assertThat(na.delete("cond/fresh")).isTrue();
    assertThat(nb.compareAndSet("cond/state", Coordinator.ANY_VERSION, bytes("y"),
        Map.of("cond/fresh", fresh.version()))).isEmpty();
    assertThat(nb.compareAndSet("cond/new", 0, bytes("created"), Map.of("cond/plan", plan2.version()))).isPresent();
    assertThat(nb.compareAndSet("cond/new", 0, bytes("again"), Map.of("cond/plan", plan2.version()))).isEmpty();
    assertThat(nb.compareAndSet("cond/state", starting.version(), bytes("done"), Map.of())).isPresent();
    assertThatThrownBy(() -> na.compareAndSet("cond/plan", Coordinator.ANY_VERSION, bytes("z"),
        Map.of("cond/state", 0L))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cond/state");
  }

  @Test
  void putGetAndListByPrefix() {
    Coordinator n = cluster.node(cluster.candidates().get(0));
    cluster.await("quorum", n::hasQuorum);
    Versioned v1 = n.put("cfg/b", bytes("2"));
    Versioned v2 = n.put("cfg/b", bytes("3"));
    assertThat(v2.version()).isGreaterThan(v1.version());
    n.put("cfg/a", bytes("1"));
    n.put("cfh/x", bytes("no"));
    n.put("state/n1", bytes("up"));
    assertThat(n.list("cfg/")).extracting(Versioned::key).containsExactly("cfg/a", "cfg/b");
    assertThat(n.list("cfg/")).extracting(Versioned::valueAsString).containsExactly("1", "3");
    assertThat(n.list("")).extracting(Versioned::key).contains("cfg/a", "cfg/b", "cfh/x", "state/n1");
    assertThat(n.get("cfg/missing")).isEmpty();
    Coordinator other = cluster.node(cluster.candidates().get(2));
    assertThat(other.get("cfg/b").map(Versioned::valueAsString)).contains("3");
  }

  @Test
  void watchesDeliverTheLatestValueOfEveryKeyUnderThePrefix() {
    Coordinator writer = cluster.node(cluster.candidates().get(0));
    Coordinator reader = cluster.node(cluster.candidates().get(1));
    cluster.await("quorum", () -> writer.hasQuorum() && reader.hasQuorum());
    Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
    List<String> outside = new CopyOnWriteArrayList<>();
    Watch watch = reader.watch("w/", e -> {
      if (!e.key().startsWith("w/")) {
        outside.add(e.key());
      }
      seen.put(e.key(), e.value().map(Versioned::valueAsString));
    });
    List<String> closedSaw = new CopyOnWriteArrayList<>();
    Watch closedWatch = reader.watch("w/", e -> closedSaw.add(e.key()));
    closedWatch.close();

    writer.put("w/a", bytes("1"));
    writer.put("w/a", bytes("2"));
    writer.put("w/b", bytes("x"));
    writer.put("wx", bytes("outside"));
    writer.put("w/c", bytes("gone soon"));
    writer.delete("w/c");
    cluster.await("the watcher sees the latest values",
        () -> Optional.of("2").equals(seen.get("w/a"))
            && Optional.of("x").equals(seen.get("w/b"))
            // created and deleted before the watcher looked: no event at all is as right as a deletion
            && (!seen.containsKey("w/c") || Optional.empty().equals(seen.get("w/c"))));
    assertThat(outside).isEmpty();
    assertThat(seen).doesNotContainKey("wx");
    assertThat(closedSaw).isEmpty();
    watch.close();
  }

  // ---- sessions, quorum, restarts ----

  @Test
  void sessionExpiryEndsLeadershipAndTheNodeJoinsAgain() {
    List<String> ids = cluster.candidates();
    Leadership grant = awaitLeadership(ids);
    String leader = grant.nodeId();
    Coordinator node = cluster.node(leader);
    long epoch = grant.epoch();
    long oldSession = node.leadership().orElseThrow().sessionId();
    List<Leadership> lost = new CopyOnWriteArrayList<>();
    node.addListener(new CoordinatorListener() {
      @Override
      public void leadershipLost(Leadership l) {
        lost.add(l);
      }
    });
    List<Member> lostMembers = new CopyOnWriteArrayList<>();
    String observer = others(leader).get(0);
    cluster.node(observer).addListener(new CoordinatorListener() {
      @Override
      public void memberLost(Member m) {
        lostMembers.add(m);
      }
    });

    cluster.expireSession(leader);
    cluster.await("the expired leader stops leading", () -> !node.isLeader());
    cluster.await("a leader with a higher epoch",
        () -> ids.stream().anyMatch(id -> cluster.node(id).leadership().map(Leadership::epoch).orElse(0L) > epoch));
    cluster.await("leadershipLost delivered", () -> !lost.isEmpty());
    assertThat(lost.get(0).epoch()).isEqualTo(epoch);
    cluster.await("the observer saw the old session go",
        () -> lostMembers.stream().anyMatch(m -> m.nodeId().equals(leader) && m.sessionId() == oldSession));
    cluster.await(leader + " joins again with a new session",
        () -> node.hasQuorum()
            && node.members().stream().anyMatch(m -> m.nodeId().equals(leader) && m.sessionId() != oldSession));
    cluster.await(leader + " reports its new session as its own",
        () -> node.sessionId().isPresent() && node.sessionId().getAsLong() != oldSession);
  }

  @Test
  void aNodeCutOffFromTheQuorumStopsLeadingAndRecoversAfterwards() {
    List<String> ids = cluster.candidates();
    String leader = awaitLeader(ids);
    Coordinator node = cluster.node(leader);
    long epoch = node.epoch();
    List<Boolean> quorumEvents = new CopyOnWriteArrayList<>();
    node.addListener(new CoordinatorListener() {
      @Override
      public void quorumChanged(boolean hasQuorum) {
        quorumEvents.add(hasQuorum);
      }
    });

    cluster.isolate(leader);
    cluster.await("the isolated leader gives up by its own deadline", () -> !node.isLeader() && !node.hasQuorum());
    assertThat(node.currentLeader()).isEmpty();
    cluster.await("quorum loss reported", () -> quorumEvents.contains(false));

    cluster.reconnect(leader);
    cluster.await("quorum regained", node::hasQuorum);
    cluster.await("a leader again", () -> leaders(ids).size() == 1);
    assertThat(cluster.node(leaders(ids).get(0)).epoch()).isGreaterThanOrEqualTo(epoch);
    assertThat(node.put("after-heal", bytes("ok")).version()).isPositive();
    cluster.await("quorum regain reported", () -> quorumEvents.lastIndexOf(true) > quorumEvents.indexOf(false));
  }

  @Test
  void aRestartedNodeRecoversTheDataAndRejoins() {
    List<String> ids = cluster.candidates();
    String leader = awaitLeader(ids);
    String follower = others(leader).get(0);
    Versioned written = cluster.node(leader).put("durable/k", bytes("kept"));
    cluster.await(follower + " has the write", () -> cluster.node(follower).get("durable/k").isPresent());
    cluster.crash(follower);
    cluster.node(leader).put("durable/while-down", bytes("caught up"));
    cluster.restart(follower);
    Coordinator restarted = cluster.node(follower);
    cluster.await(follower + " back with quorum", restarted::hasQuorum);
    assertThat(restarted.get("durable/k")).contains(written);
    assertThat(restarted.get("durable/while-down").map(Versioned::valueAsString)).contains("caught up");
    cluster.await(follower + " is a member again",
        () -> cluster.node(leader).members().stream().anyMatch(m -> m.nodeId().equals(follower)));
    assertThat(restarted.epoch()).isGreaterThanOrEqualTo(cluster.node(leader).leadership().map(Leadership::epoch).orElse(0L));
  }
}
