package io.ha4j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.ClusterState;
import io.ha4j.Colocation;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.Primitive;
import io.ha4j.Resource;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Invariants of the scheduler over random clusters (seeded by jqwik, replayable). */
class SchedulerProperties {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final int[] SCORES = {-Score.INFINITY, -500, -100, 0, 10, 100, 500, Score.INFINITY};

  record Scenario(ClusterConfig config, ClusterState state) {}

  static Scenario randomScenario(long seed) {
    Random rnd = new Random(seed);
    int nodeCount = 1 + rnd.nextInt(5);
    List<String> nodes = new ArrayList<>();
    ClusterConfig.Builder b = ClusterConfig.builder();
    for (int i = 1; i <= nodeCount; i++) {
      nodes.add("node" + i);
      b.nodes("node" + i);
    }
    List<String> ids = new ArrayList<>();
    List<String> topIds = new ArrayList<>();
    int resourceCount = 1 + rnd.nextInt(8);
    for (int i = 1; i <= resourceCount; i++) {
      if (rnd.nextInt(4) == 0) {
        int size = 2 + rnd.nextInt(2);
        Primitive[] members = new Primitive[size];
        for (int m = 0; m < size; m++) {
          members[m] = primitive(rnd, "g" + i + "m" + m);
          ids.add(members[m].id());
        }
        b.resource(Group.of("g" + i, members));
        topIds.add("g" + i);
      } else {
        Primitive p = primitive(rnd, "r" + i);
        b.resource(p);
        ids.add(p.id());
        topIds.add(p.id());
      }
    }
    int constraints = rnd.nextInt(6);
    for (int i = 0; i < constraints; i++) {
      String a = topIds.get(rnd.nextInt(topIds.size()));
      String other = topIds.get(rnd.nextInt(topIds.size()));
      switch (rnd.nextInt(3)) {
        case 0 -> b.constraint(Location.of("l" + i, a, nodes.get(rnd.nextInt(nodeCount)), SCORES[rnd.nextInt(SCORES.length)]));
        case 1 -> {
          int score = SCORES[rnd.nextInt(SCORES.length)];
          if (!a.equals(other) && score != 0) {
            b.constraint(new Colocation("c" + i, a, other, score));
          }
        }
        default -> {
          if (!a.equals(other)) {
            b.constraint(new Order("o" + i, a, other, rnd.nextBoolean() ? OrderKind.MANDATORY : OrderKind.OPTIONAL, rnd.nextBoolean()));
          }
        }
      }
    }
    NoQuorumPolicy policy = NoQuorumPolicy.values()[rnd.nextInt(3)];
    b.properties(ClusterProperties.HA4J_DEFAULTS.withNoQuorumPolicy(policy)
        .withSymmetricCluster(rnd.nextInt(5) != 0));
    ClusterState.Builder s = ClusterState.builder().quorate(rnd.nextInt(4) != 0);
    for (String n : nodes) {
      NodeStatus status = switch (rnd.nextInt(6)) {
        case 0 -> NodeStatus.OFFLINE;
        case 1 -> NodeStatus.UNCLEAN;
        default -> NodeStatus.ONLINE;
      };
      s.node(new NodeState(n, status, rnd.nextInt(8) == 0, false));
    }
    for (String id : ids) {
      int roll = rnd.nextInt(4);
      String n = nodes.get(rnd.nextInt(nodeCount));
      if (roll == 0) {
        s.running(id, n);
      } else if (roll == 1) {
        s.resource(ResourceNodeState.failed(id, n, NOW.minusSeconds(rnd.nextInt(600))));
        s.failCount(new FailCount(id, n, 1 + rnd.nextInt(3), NOW.minusSeconds(rnd.nextInt(600))));
      }
    }
    return new Scenario(b.build(), s.build());
  }

  private static Primitive primitive(Random rnd, String id) {
    Primitive.Builder p = Primitive.builder(id, "ocf:heartbeat:Dummy");
    if (rnd.nextInt(5) == 0) {
      p.targetRole(TargetRole.STOPPED);
    }
    if (rnd.nextInt(3) == 0) {
      p.migrationThreshold(1 + rnd.nextInt(3));
    }
    if (rnd.nextInt(4) == 0) {
      p.stickiness(rnd.nextInt(3) * 100);
    }
    return p.build();
  }

  @Property(tries = 1000, seed = "20261125")
  void sameInputSameOutput(@ForAll long seed) {
    Scenario sc = randomScenario(seed);
    Transition a = Scheduler.schedule(sc.config(), sc.state(), NOW);
    Transition b = Scheduler.schedule(sc.config(), sc.state(), NOW);
    assertThat(b).isEqualTo(a);
  }

  @Property(tries = 1000, seed = "20261125")
  void nothingIsPlacedWhereItsScoreIsNegative(@ForAll long seed) {
    Scenario sc = randomScenario(seed);
    Transition t = Scheduler.schedule(sc.config(), sc.state(), NOW);
    for (PlannedAction a : t.actions()) {
      if (a.type() == ActionType.START) {
        assertThat(t.scores().get(a.resource()).get(a.node()))
            .as("score of %s on %s", a.resource(), a.node()).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Property(tries = 1000, seed = "20261125")
  void groupMembersRunTogetherAndOnlyAfterTheirPredecessors(@ForAll long seed) {
    Scenario sc = randomScenario(seed);
    Transition t = Scheduler.schedule(sc.config(), sc.state(), NOW);
    Map<String, Integer> startIndex = new HashMap<>();
    for (PlannedAction a : t.actions()) {
      if (a.type() == ActionType.START) {
        startIndex.put(a.resource(), a.id());
      }
    }
    for (Resource r : sc.config().resources()) {
      if (!(r instanceof Group g)) {
        continue;
      }
      for (int i = 1; i < g.members().size(); i++) {
        String prev = g.members().get(i - 1).id();
        String cur = g.members().get(i).id();
        if (t.actions().stream().anyMatch(a -> a.type() == ActionType.START && a.resource().equals(cur))) {
          assertThat(t.nodeOf(prev)).as("%s starts, so %s runs", cur, prev).isPresent();
          assertThat(t.nodeOf(cur)).isEqualTo(t.nodeOf(prev));
          if (startIndex.containsKey(prev)) {
            assertThat(startIndex.get(prev)).isLessThan(startIndex.get(cur));
          }
        }
      }
    }
  }

  /** Safety: a resource is started on a node only after it is stopped (or fenced) everywhere else. */
  @Property(tries = 1000, seed = "20261125")
  void neverStartedWhileStillRunningElsewhere(@ForAll long seed) {
    Scenario sc = randomScenario(seed);
    Transition t = Scheduler.schedule(sc.config(), sc.state(), NOW);
    Set<String> done = new HashSet<>();
    Map<String, String> running = new HashMap<>();
    for (ResourceNodeState r : sc.state().resources()) {
      running.put(r.resource(), r.node());
    }
    for (PlannedAction a : t.actions()) {
      switch (a.type()) {
        case FENCE -> done.add("fence:" + a.node());
        case STOP -> done.add("stop:" + a.resource() + "@" + a.node());
        case START -> {
          String was = running.get(a.resource());
          NodeStatus wasStatus = was == null ? null : sc.state().nodes().get(was).status();
          if (was != null && !was.equals(a.node()) && wasStatus != NodeStatus.OFFLINE) {
            assertThat(done).as("%s starts on %s while it ran on %s", a.resource(), a.node(), was)
                .containsAnyOf("stop:" + a.resource() + "@" + was, "fence:" + was);
          }
        }
        default -> { }
      }
    }
  }
}
