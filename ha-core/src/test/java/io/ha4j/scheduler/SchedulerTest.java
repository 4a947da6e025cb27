package io.ha4j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterProperties;
import io.ha4j.ClusterState;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.Location;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.Node;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import io.ha4j.TargetRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written scenarios: the seed's web cluster and the features the corpus barely covers. */
class SchedulerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static Primitive vip() {
    return Primitive.builder("ClusterVIP", "ocf:heartbeat:IPaddr2")
        .param("ip", "192.0.2.10").param("cidr_netmask", "24")
        .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20)).build();
  }

  private static Primitive web() {
    return Primitive.builder("WebService", "ocf:heartbeat:apache")
        .param("configfile", "/etc/apache2/apache2.conf")
        .param("statusurl", "http://localhost/server-status")
        .monitor(Duration.ofSeconds(10), Duration.ofSeconds(20)).build();
  }

  private static ClusterConfig.Builder twoNodes() {
    return ClusterConfig.builder().nodes("node1", "node2");
  }

  private static ClusterConfig groupForm() {
    return twoNodes().group("WebGroup", vip(), web()).build();
  }

  private static ClusterConfig constraintForm() {
    return twoNodes().resource(vip()).resource(web())
        .colocation("WebService", "ClusterVIP", Score.INFINITY)
        .order("ClusterVIP", "WebService")
        .build();
  }

  private static List<String> changes(ClusterConfig c, ClusterState s) {
    return Scheduler.schedule(c, s, NOW).normalizedChanges();
  }

  @Test
  void seedGroupStartsTogetherInOrderOnOneNode() {
    ClusterState s = ClusterState.builder().online("node1", "node2").build();
    Transition t = Scheduler.schedule(groupForm(), s, NOW);

    assertThat(t.normalizedChanges()).containsExactly("start ClusterVIP node1", "start WebService node1");
    assertThat(t.actions()).extracting(PlannedAction::resource).containsExactly("ClusterVIP", "WebService");
    assertThat(t.orderings()).contains(new ActionOrdering(0, 1));
  }

  @Test
  void groupFormAndConstraintFormDecideAlike() {
    ClusterState fresh = ClusterState.builder().online("node1", "node2").build();
    assertThat(changes(constraintForm(), fresh)).isEqualTo(changes(groupForm(), fresh));

    ClusterState node1Lost = ClusterState.builder()
        .node(NodeState.online("node2")).node(NodeState.of("node1", NodeStatus.UNCLEAN))
        .running("ClusterVIP", "node1").running("WebService", "node1").build();
    assertThat(changes(constraintForm(), node1Lost)).isEqualTo(changes(groupForm(), node1Lost))
        .containsExactly("fence node1", "move ClusterVIP node1 node2", "move WebService node1 node2");
  }

  @Test
  void seedDrillMovesTheGroupAndStickinessKeepsItAwayAfterTheNodeReturns() {
    ClusterConfig c = groupForm();
    ClusterState node1Down = ClusterState.builder()
        .node(NodeState.of("node1", NodeStatus.OFFLINE)).online("node2").build();
    Transition failover = Scheduler.schedule(c, node1Down, NOW);
    assertThat(failover.placement()).containsEntry("ClusterVIP", "node2").containsEntry("WebService", "node2");

    ClusterState node1Back = ClusterState.builder().online("node1", "node2")
        .running("ClusterVIP", "node2").running("WebService", "node2").build();
    assertThat(changes(c, node1Back)).isEmpty();
  }

  @Test
  void withoutStickinessResourcesSpreadButNeverMoveBackForNothingWithIt() {
    ClusterConfig spread = ClusterConfig.pacemakerBuilder()
        .properties(ClusterProperties.PACEMAKER_DEFAULTS.withStonithEnabled(false))
        .nodes("node1", "node2")
        .resource(Primitive.builder("a", "ocf:heartbeat:Dummy").build())
        .resource(Primitive.builder("b", "ocf:heartbeat:Dummy").build())
        .resource(Primitive.builder("c", "ocf:heartbeat:Dummy").build())
        .build();
    ClusterState fresh = ClusterState.builder().online("node1", "node2").build();
    assertThat(Scheduler.schedule(spread, fresh, NOW).placement())
        .containsEntry("a", "node1").containsEntry("b", "node2").containsEntry("c", "node1");
  }

  @Test
  void migrationThresholdThreeMovesAfterTheThirdFailure() {
    ClusterConfig c = twoNodes().resource(Primitive.builder("db", "ocf:heartbeat:Dummy")
        .migrationThreshold(3).build()).build();
    for (int failures = 1; failures <= 3; failures++) {
      ClusterState s = ClusterState.builder().online("node1", "node2")
          .resource(ResourceNodeState.failed("db", "node1", NOW.minusSeconds(5)))
          .failCount(new FailCount("db", "node1", failures, NOW.minusSeconds(5))).build();
      List<String> expected = failures < 3 ? List.of("recover db node1") : List.of("recover db node1 node2");
      assertThat(changes(c, s)).as("after %d failures", failures).isEqualTo(expected);
    }
  }

  @Test
  void failureTimeoutForgetsTheFailCount() {
    ClusterConfig c = twoNodes().resource(Primitive.builder("db", "ocf:heartbeat:Dummy")
        .migrationThreshold(1).failureTimeout(Duration.ofMinutes(1)).build()).build();
    Instant failedAt = NOW.minusSeconds(90);
    ClusterState s = ClusterState.builder().online("node1", "node2").running("db", "node2")
        .failCount(new FailCount("db", "node1", 1, failedAt)).build();

    assertThat(Scheduler.schedule(c, s, failedAt.plusSeconds(30)).scores().get("db"))
        .containsEntry("node1", -Score.INFINITY);
    assertThat(Scheduler.schedule(c, s, NOW).scores().get("db")).containsEntry("node1", 0);
  }

  @Test
  void standbyNodeIsEmptied() {
    ClusterConfig c = ClusterConfig.builder().node(new Node("node1", true, false)).node(Node.of("node2"))
        .group("WebGroup", vip(), web()).build();
    ClusterState s = ClusterState.builder().online("node1", "node2")
        .running("ClusterVIP", "node1").running("WebService", "node1").build();
    assertThat(changes(c, s)).containsExactly("move ClusterVIP node1 node2", "move WebService node1 node2");
  }

  @Test
  void targetRoleStoppedStopsTheMemberAndEverythingAfterIt() {
    Primitive stoppedVip = Primitive.builder("ClusterVIP", "ocf:heartbeat:IPaddr2")
        .param("ip", "192.0.2.10").targetRole(TargetRole.STOPPED).build();
    ClusterConfig c = twoNodes().group("WebGroup", stoppedVip, web()).build();
    ClusterState s = ClusterState.builder().online("node1", "node2")
        .running("ClusterVIP", "node1").running("WebService", "node1").build();
    assertThat(changes(c, s)).containsExactly("stop ClusterVIP node1", "stop WebService node1");
  }

  @Test
  void noQuorumStopStopsEverythingAndFreezeKeepsWhatRuns() {
    ClusterState s = ClusterState.builder().quorate(false).online("node1")
        .node(NodeState.of("node2", NodeStatus.OFFLINE))
        .running("ClusterVIP", "node1").build();
    ClusterConfig stop = groupForm();
    assertThat(changes(stop, s)).containsExactly("stop ClusterVIP node1");

    ClusterConfig freeze = stop.toBuilder()
        .properties(stop.properties().withNoQuorumPolicy(NoQuorumPolicy.FREEZE)).build();
    assertThat(changes(freeze, s)).isEmpty();
  }

  @Test
  void locationPreferenceAndBanAndExpiredMove() {
    ClusterConfig c = twoNodes().resource(vip())
        .constraint(Location.of("prefer-2", "ClusterVIP", "node2", 50))
        .build();
    ClusterState s = ClusterState.builder().online("node1", "node2").build();
    assertThat(changes(c, s)).containsExactly("start ClusterVIP node2");

    ClusterConfig expiredMove = c.toBuilder().constraint(
        new Location("cli-prefer-1", "ClusterVIP", "node1", Score.INFINITY, NOW.minusSeconds(1))).build();
    assertThat(changes(expiredMove, s)).containsExactly("start ClusterVIP node2");

    ClusterConfig banned = c.toBuilder().constraint(Location.of("ban-2", "ClusterVIP", "node2", -Score.INFINITY)).build();
    assertThat(changes(banned, s)).containsExactly("start ClusterVIP node1");
  }

  @Test
  void mandatoryOrderRestartsThenWhenFirstRecovers() {
    ClusterConfig c = ClusterConfig.builder().nodes("node1")
        .resource(Primitive.builder("A", "ocf:heartbeat:Dummy").build())
        .resource(Primitive.builder("B", "ocf:heartbeat:Dummy").build())
        .constraint(Order.of("A-then-B", "A", "B")).build();
    ClusterState s = ClusterState.builder().online("node1")
        .resource(ResourceNodeState.failed("A", "node1", NOW)).running("B", "node1").build();
    assertThat(changes(c, s)).containsExactly("recover A node1", "restart B node1");
  }

  @Test
  void fencingWaitsForNothingButRecoveryWaitsForFencing() {
    ClusterState s = ClusterState.builder().online("node2").node(NodeState.of("node1", NodeStatus.UNCLEAN))
        .running("ClusterVIP", "node1").running("WebService", "node1").build();
    Transition t = Scheduler.schedule(groupForm(), s, NOW);
    assertThat(t.actions().get(0).type()).isEqualTo(ActionType.FENCE);
    assertThat(t.actions()).extracting(PlannedAction::type)
        .containsExactly(ActionType.FENCE, ActionType.START, ActionType.START);
  }

  @Test
  void aResourceActiveOnTwoNodesIsStoppedOnBothBeforeItStartsOnce() {
    ClusterConfig c = twoNodes().resource(vip()).build();
    ClusterState s = ClusterState.builder().online("node1", "node2")
        .running("ClusterVIP", "node1").running("ClusterVIP", "node2").build();
    Transition t = Scheduler.schedule(c, s, NOW);
    List<PlannedAction> actions = t.actions();
    assertThat(actions).filteredOn(a -> a.type() == ActionType.STOP).extracting(PlannedAction::node)
        .containsExactlyInAnyOrder("node1", "node2");
    PlannedAction start = actions.stream().filter(a -> a.type() == ActionType.START).findFirst().orElseThrow();
    assertThat(actions.indexOf(start)).as("the start comes after both stops").isEqualTo(2);
    for (PlannedAction stop : actions.subList(0, 2)) {
      assertThat(t.orderings()).contains(new ActionOrdering(stop.id(), start.id()));
    }
  }

  @Test
  void groupFromTheModelIsUsable() {
    assertThat(Group.of("g", vip()).members()).hasSize(1);
  }
}
