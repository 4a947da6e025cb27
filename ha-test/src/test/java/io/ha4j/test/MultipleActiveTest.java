package io.ha4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.ResourceNodeState;
import io.ha4j.scheduler.ActionType;
import io.ha4j.scheduler.PlannedAction;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of the nemesis (ha-test/README.md): a probe that times out on a node whose agent hangs
 * reports the resource failed-active there while it runs healthily elsewhere. The scheduler keeps
 * one current node per resource and plans no stop for the other, so the resource can be started
 * while still running (seen as a journal overlap with {@code -Dha4j.nemesis.seed=20240611
 * -Dha4j.nemesis.hangSurvivesRestart=true}, five nodes). Pacemaker's multiple-active=stop_start stops
 * every instance before starting one.
 */
class MultipleActiveTest {

  @Test
  void aResourceActiveOnTwoNodesIsStoppedOnBothBeforeItStartsAnywhere() {
    ClusterConfig c = NemesisTest.config(5);
    Instant now = Instant.parse("2026-01-01T00:10:00Z");
    ClusterState s = ClusterState.builder().quorate(true).online("node1", "node2", "node3", "node4", "node5")
        .running("Queue", "node5")
        .resource(ResourceNodeState.failed("Queue", "node3", now.minusSeconds(1)))
        .running("ClusterVIP", "node1").running("WebService", "node1")
        .build();
    Transition t = Scheduler.schedule(c, s, now);
    assertThat(t.actions()).filteredOn(a -> a.resource().equals("Queue") && a.type() == ActionType.STOP)
        .extracting(PlannedAction::node).contains("node3", "node5");
  }
}
