package io.ha4j.pacemaker.difftest;

import io.ha4j.pacemaker.CrmSimulateSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CrmSimulateSummaryTest {

  private static final String OUTPUT = """
      Current cluster status:
        * Node List:
          * Online: [ node1 node2 ]

      Transition Summary:
        * Fence (reboot) node3 'peer is no longer part of the cluster'
        * Fence (off) node4 'rsc1 failed there'
        * Start      rsc1    ( node1 )
        * Start      rsc2    ( node2 ) due to no quorum (blocked)
        * Stop       rsc3    ( node1 )  due to node availability
        * Stop       rsc4    ( node9 )  due to node availability (blocked)
        * Move       rsc5    ( node1 -> node2 )
        * Recover    rsc6    ( node1 )
        * Recover    rsc7    ( node3 -> node1 )
        * Restart    rsc8    ( node1 )  due to required rsc1 start
        * Leave      rsc9    ( node2 )
        * Start      rsc10   ( node1 ) due to unrunnable rsc11 start (blocked)

      Executing Cluster Transition:
        * Resource action: rsc1            start on node1
      """;

  @Test
  void normalizesEveryInScopeLineAndDropsBlockedAndLeaveLines() {
    assertThat(CrmSimulateSummary.normalize(OUTPUT)).containsExactly(
        "fence node3",
        "fence node4",
        "move rsc5 node1 node2",
        "recover rsc6 node1",
        "recover rsc7 node3 node1",
        "restart rsc8 node1",
        "start rsc1 node1",
        "stop rsc3 node1");
  }

  @Test
  void anEmptySummaryIsNoAction() {
    String output = "Transition Summary:\n\nExecuting Cluster Transition:\n";
    assertThat(CrmSimulateSummary.normalize(output)).isEmpty();
  }

  @Test
  void outOfScopeActionsAreErrorsNotSilentlyDropped() {
    String output = "Transition Summary:\n  * Promote    rsc1    ( Unpromoted -> Promoted node1 )\n";
    assertThatThrownBy(() -> CrmSimulateSummary.normalize(output))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Promote");
  }

  @Test
  void outputWithoutASummaryIsAnError() {
    assertThatThrownBy(() -> CrmSimulateSummary.normalize("crm_simulate: error"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no 'Transition Summary:'");
  }
}
