package io.ha4j.pacemaker;

import static io.ha4j.pacemaker.TestCibs.cib;
import static io.ha4j.pacemaker.TestCibs.dummy;
import static io.ha4j.pacemaker.TestCibs.lrm;
import static io.ha4j.pacemaker.TestCibs.lrmResource;
import static io.ha4j.pacemaker.TestCibs.member;
import static io.ha4j.pacemaker.TestCibs.nodeState;
import static io.ha4j.pacemaker.TestCibs.nodes;
import static io.ha4j.pacemaker.TestCibs.op;
import static io.ha4j.pacemaker.TestCibs.property;
import static io.ha4j.pacemaker.TestCibs.transientAttributes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterState;
import io.ha4j.FailCount;
import io.ha4j.NodeStatus;
import io.ha4j.ObservedRole;
import io.ha4j.ResourceNodeState;
import io.ha4j.Score;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The status section: node states, operation history replay and fail counts. */
class CibStatusReadingTest {

  private static final String NO_STONITH = property("stonith-enabled", "false");
  private static final String STONITH = property("stonith-enabled", "true");
  private static final String FENCE_DEVICE =
      "<primitive id=\"fence\" class=\"stonith\" type=\"fence_xvm\"/>" + dummy("rsc1");

  private static ClusterState read(String xml) {
    return Cib.parse(xml).state();
  }

  private static NodeStatus status(ClusterState state, String node) {
    return state.node(node).orElseThrow().status();
  }

  private static Optional<ResourceNodeState> on(ClusterState state, String rsc, String node) {
    return state.resources().stream().filter(r -> r.resource().equals(rsc) && r.node().equals(node)).findFirst();
  }

  @Nested
  class NodeStates {

    @Test
    void withoutFencingALostNodeIsOfflineAndAnUnseenNodeToo() {
      ClusterState s = read(cib("have-quorum=\"1\"", NO_STONITH, nodes("n1", "n2", "n3", "n4"), dummy("rsc1"), "",
          member("n1", "")
              + nodeState("n2", "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\"", "")
              + nodeState("n3", "in_ccm=\"true\" crmd=\"offline\" join=\"down\" expected=\"member\"", "")));
      assertThat(status(s, "n1")).isEqualTo(NodeStatus.ONLINE);
      assertThat(status(s, "n2")).isEqualTo(NodeStatus.OFFLINE);
      assertThat(status(s, "n3")).as("in the membership, controller gone, expected up").isEqualTo(NodeStatus.UNCLEAN);
      assertThat(status(s, "n4")).as("no node_state").isEqualTo(NodeStatus.OFFLINE);
      assertThat(s.quorate()).isTrue();
    }

    @Test
    void withFencingALostOrUnseenNodeIsUncleanAndAJoiningOneIsPending() {
      ClusterState s = read(cib("have-quorum=\"false\"", STONITH, nodes("n1", "n2", "n3", "n4", "n5", "n6"),
          FENCE_DEVICE, "",
          member("n1", "")
              + nodeState("n2", "in_ccm=\"false\" crmd=\"online\" join=\"member\" expected=\"member\"", "")
              + nodeState("n3", "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"", "")
              + nodeState("n4", "in_ccm=\"true\" crmd=\"online\" join=\"pending\" expected=\"member\"", "")
              + nodeState("n5", "in_ccm=\"true\" crmd=\"online\" join=\"member\"", "")));
      assertThat(status(s, "n1")).isEqualTo(NodeStatus.ONLINE);
      assertThat(status(s, "n2")).as("left unexpectedly").isEqualTo(NodeStatus.UNCLEAN);
      assertThat(status(s, "n3")).as("left cleanly").isEqualTo(NodeStatus.OFFLINE);
      assertThat(status(s, "n4")).isEqualTo(NodeStatus.PENDING);
      assertThat(status(s, "n5")).as("expected missing = down, yet in the membership").isEqualTo(NodeStatus.PENDING);
      assertThat(status(s, "n6")).as("never seen: startup fencing").isEqualTo(NodeStatus.UNCLEAN);
      assertThat(s.quorate()).isFalse();
    }

    @Test
    void standbyComesFromNodeAttributesOrTransientAttributes() {
      String nodesXml = """
          <node id="n1" uname="n1"><instance_attributes id="n1-a">
            <nvpair id="n1-standby" name="standby" value="on"/></instance_attributes></node>
          <node id="n2" uname="n2"/><node id="n3" uname="n3"/>""";
      var snapshot = Cib.parse(cib("", NO_STONITH, nodesXml, dummy("rsc1"), "",
          member("n1", "") + member("n2", transientAttributes("standby", "true")) + member("n3", transientAttributes("standby", "off"))));
      assertThat(snapshot.config().node("n1").orElseThrow().standby()).isTrue();
      assertThat(snapshot.config().node("n2").orElseThrow().standby()).isFalse();
      assertThat(snapshot.state().node("n1").orElseThrow().standby()).isTrue();
      assertThat(snapshot.state().node("n2").orElseThrow().standby()).isTrue();
      assertThat(snapshot.state().node("n3").orElseThrow().standby()).isFalse();
    }
  }

  @Nested
  class History {

    @Test
    void aFailedRecurringMonitorLeavesTheResourceStartedAndFailed() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", member("n1", lrm(lrmResource("rsc1",
          op("rsc1", "monitor", 0, 1, 7, 7, 100),
          op("rsc1", "start", 0, 2, 0, 0, 200),
          op("rsc1", "monitor", 10000, 3, 7, 0, 300))))));
      ResourceNodeState r = on(s, "rsc1", "n1").orElseThrow();
      assertThat(r.failed()).isTrue();
      assertThat(r.role()).as("the role if the failure were forgotten").isEqualTo(ObservedRole.STARTED);
      assertThat(r.failedAt()).isEqualTo(Instant.ofEpochSecond(300));
      assertThat(r.stopFailed()).isFalse();
      assertThat(r.banned()).isFalse();
    }

    @Test
    void aFailedStartCountsAsActiveButWouldBeStoppedWithoutTheFailure() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", member("n1", lrm(lrmResource("rsc1",
          op("rsc1", "monitor", 0, 1, 7, 7, 100),
          op("rsc1", "start", 0, 2, 1, 0, 200))))));
      ResourceNodeState r = on(s, "rsc1", "n1").orElseThrow();
      assertThat(r.failed()).isTrue();
      assertThat(r.role()).isEqualTo(ObservedRole.STOPPED);
    }

    @Test
    void aLaterStopOrStartClearsAnEarlierFailure() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1") + dummy("rsc2"), "",
          member("n1", lrm(
              lrmResource("rsc1", op("rsc1", "start", 0, 2, 0, 0, 200), op("rsc1", "monitor", 10000, 3, 1, 0, 300),
                  op("rsc1", "stop", 0, 4, 0, 0, 400)),
              lrmResource("rsc2", op("rsc2_last_failure_0", "start", 0, 2, 1, 0, 0, 200),
                  op("rsc2", "stop", 0, 3, 0, 0, 300),
                  op("rsc2", "start", 0, 4, 0, 0, 400))))));
      assertThat(on(s, "rsc1", "n1").orElseThrow()).satisfies(r -> {
        assertThat(r.failed()).isFalse();
        assertThat(r.role()).isEqualTo(ObservedRole.STOPPED);
      });
      assertThat(on(s, "rsc2", "n1").orElseThrow()).satisfies(r -> {
        assertThat(r.failed()).isFalse();
        assertThat(r.role()).isEqualTo(ObservedRole.STARTED);
      });
    }

    @Test
    void historyIsReplayedInCallIdOrderAndTiesByLastRcChange() {
      String monitorOk = op("rsc1_monitor_10000", "monitor", 10000, 3, 0, 0, 0, 300);
      String monitorFailed = op("rsc1_last_failure_0", "monitor", 10000, 3, 7, 0, 0, 350)
          .replace("<lrm_rsc_op ", "<lrm_rsc_op operation_key=\"rsc1_monitor_10000\" ");
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", member("n1", lrm(lrmResource("rsc1",
          monitorFailed, op("rsc1", "start", 0, 2, 0, 0, 200), monitorOk)))));
      assertThat(on(s, "rsc1", "n1").orElseThrow().failed()).as("the failure (same call, later) comes last").isTrue();
    }

    @Test
    void aProbeThatFindsTheAgentMissingBansTheNodeAndLeavesItStopped() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", member("n1", lrm(lrmResource("rsc1",
          op("rsc1", "monitor", 0, 1, 5, 7, 100))))));
      ResourceNodeState r = on(s, "rsc1", "n1").orElseThrow();
      assertThat(r.banned()).isTrue();
      assertThat(r.failed()).isFalse();
      assertThat(r.role()).isEqualTo(ObservedRole.STOPPED);
    }

    @Test
    void aFailedStopWithFencingMakesTheNodeUnclean() {
      ClusterState s = read(cib("", STONITH, nodes("n1", "n2"), FENCE_DEVICE, "",
          member("n1", "") + member("n2", lrm(lrmResource("rsc1",
              op("rsc1", "start", 0, 2, 0, 0, 200), op("rsc1", "stop", 0, 3, 1, 0, 300))))));
      assertThat(status(s, "n2")).isEqualTo(NodeStatus.UNCLEAN);
      ResourceNodeState r = on(s, "rsc1", "n2").orElseThrow();
      assertThat(r.stopFailed()).isTrue();
      assertThat(r.failed()).isTrue();
    }

    @Test
    void aFailedStopWithoutFencingIsRecordedForTheSchedulerToBlock() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", member("n1", lrm(lrmResource("rsc1",
          op("rsc1", "start", 0, 2, 0, 0, 200), op("rsc1", "stop", 0, 3, 1, 0, 300))))));
      assertThat(status(s, "n1")).isEqualTo(NodeStatus.ONLINE);
      assertThat(on(s, "rsc1", "n1").orElseThrow().stopFailed()).isTrue();
    }

    @Test
    void withFencingAResourceActiveOnADownNodeMakesItUncleanEvenIfExpectedDown() {
      String xml = cib("have-quorum=\"1\"", STONITH, nodes("n1", "n2"), FENCE_DEVICE, "",
          member("n1", "") + nodeState("n2", "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\"",
              lrm(lrmResource("rsc1", op("rsc1", "start", 0, 2, 0, 0, 200)))));
      CibSnapshot cib = Cib.parse(xml);
      // the reader reports what it saw; the scheduler decides (after failure-timeout) that n2 is unclean
      assertThat(status(cib.state(), "n2")).isEqualTo(NodeStatus.OFFLINE);
      assertThat(on(cib.state(), "rsc1", "n2").orElseThrow().role()).isEqualTo(ObservedRole.STARTED);
      assertThat(io.ha4j.scheduler.Scheduler.schedule(cib.config(), cib.state(), Instant.now())
          .normalizedChanges()).contains("fence n2");
    }

    @Test
    void withoutFencingTheHistoryOfANodeThatIsNotOnlineIsIgnored() {
      ClusterState s = read(cib("", NO_STONITH, nodes("n1", "n2"), dummy("rsc1"), "",
          member("n1", "") + nodeState("n2", "in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\"",
              lrm(lrmResource("rsc1", op("rsc1", "start", 0, 2, 0, 0, 200))))));
      assertThat(status(s, "n2")).isEqualTo(NodeStatus.OFFLINE);
      assertThat(on(s, "rsc1", "n2")).isEmpty();
    }

    @Test
    void orphansAreSkippedAndGroupMembersUseTheirOwnIds() {
      String group = "<group id=\"g\">" + dummy("a") + dummy("b") + "</group>";
      ClusterState s = read(cib("", NO_STONITH, nodes("n1"), group, "", member("n1", lrm(
          lrmResource("a", op("a", "start", 0, 2, 0, 0, 200)),
          lrmResource("gone", op("gone", "start", 0, 3, 0, 0, 200))))));
      assertThat(s.resources()).extracting(ResourceNodeState::resource).containsExactly("a");
    }
  }

  @Nested
  class FailCounts {

    private ClusterState withAttributes(String featureSet, String... nameValues) {
      String cibAttributes = featureSet == null ? "" : "crm_feature_set=\"" + featureSet + "\"";
      return read(cib(cibAttributes, NO_STONITH, nodes("n1"), dummy("rsc1") + dummy("rsc10"), "",
          member("n1", transientAttributes(nameValues))));
    }

    @Test
    void anOldOrMissingFeatureSetCountsOnlyTheLegacyName() {
      for (String featureSet : new String[] {null, "3.0.12"}) {
        ClusterState s = withAttributes(featureSet, "fail-count-rsc1", "2", "last-failure-rsc1", "1000",
            "fail-count-rsc1#monitor_10000", "5", "fail-count-rsc10", "1");
        assertThat(s.failCounts()).contains(new FailCount("rsc1", "n1", 2, Instant.ofEpochSecond(1000)))
            .contains(new FailCount("rsc10", "n1", 1, null)).hasSize(2);
      }
    }

    @Test
    void aNewFeatureSetSumsThePerOperationNamesAndIgnoresTheLegacyOne() {
      ClusterState s = withAttributes("3.0.13", "fail-count-rsc1", "7",
          "fail-count-rsc1#monitor_10000", "2", "fail-count-rsc1#start_0", "INFINITY",
          "last-failure-rsc1#monitor_10000", "1000", "last-failure-rsc1#start_0", "2000");
      assertThat(s.failCounts()).containsExactly(new FailCount("rsc1", "n1", Score.INFINITY, Instant.ofEpochSecond(2000)));
    }
  }

  @Test
  void executionDateIsTheSnapshotsNow() {
    var snapshot = Cib.parse(cib("execution-date=\"1533840941\"", NO_STONITH, nodes("n1"), dummy("rsc1"), "", ""));
    assertThat(snapshot.executionTime()).contains(Instant.ofEpochSecond(1533840941));
    assertThat(Cib.parse(cib("", NO_STONITH, nodes("n1"), dummy("rsc1"), "", "")).executionTime()).isEmpty();
  }
}
