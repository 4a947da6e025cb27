package io.ha4j.pacemaker.difftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.Colocation;
import io.ha4j.FailCount;
import io.ha4j.Group;
import io.ha4j.NodeState;
import io.ha4j.NodeStatus;
import io.ha4j.Operation;
import io.ha4j.Order;
import io.ha4j.Primitive;
import io.ha4j.ResourceMeta;
import io.ha4j.ResourceNodeState;
import io.ha4j.pacemaker.CibWriter;
import io.ha4j.pacemaker.CibWriterDigests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** {@link CibWriter}: well-formed output, and, where crm_simulate is installed, Pacemaker's reading of it. */
class CibWriterTest {

  private static final Instant NOW = Instant.ofEpochSecond(RandomCibGenerator.EXECUTION_DATE);

  /**
   * A web group on an unclean node with a fencing device, a database whose monitor failed with a
   * fail count at its migration-threshold, agents with parameters (so digests matter).
   */
  static ClusterConfig config() {
    Duration twenty = Duration.ofSeconds(20);
    Primitive fence = Primitive.builder("fence", "stonith:fence_xvm").param("ip_family", "ipv4")
        .monitor(Duration.ofSeconds(60), twenty).build();
    Primitive vip = Primitive.builder("vip", "ocf:heartbeat:IPaddr2").param("ip", "192.0.2.10")
        .param("cidr_netmask", "24").monitor(Duration.ofSeconds(10), twenty).build();
    Primitive site = Primitive.builder("site", "ocf:heartbeat:apache").param("configfile", "/etc/apache2/a&b \"x\".conf")
        .monitor(Duration.ofSeconds(30), Duration.ofSeconds(45)).operation(Operation.start(Duration.ofSeconds(40)))
        .build();
    Primitive db = Primitive.builder("db", "ocf:heartbeat:Dummy").migrationThreshold(1)
        .monitor(Duration.ofSeconds(10), twenty).build();
    return ClusterConfig.pacemakerBuilder()
        .nodes("node1", "node2", "node3")
        .resource(fence)
        .resource(Group.of("web", vip, site))
        .resource(db)
        .constraint(new Colocation("db-away-from-web", "db", "web", -100))
        .constraint(Order.of("db-before-web", "db", "web"))
        .location("web", "node2", 50)
        .resourceDefaults(ResourceMeta.EMPTY.withStickiness(100))
        .build();
  }

  static ClusterState state() {
    Instant failed = NOW.minusSeconds(30);
    return ClusterState.builder()
        .online("node1", "node2")
        .node(NodeState.of("node3", NodeStatus.UNCLEAN))
        .running("fence", "node1")
        .running("vip", "node3")
        .running("site", "node3")
        .resource(ResourceNodeState.failed("db", "node1", failed))
        .resource(new ResourceNodeState("db", "node2", io.ha4j.ObservedRole.STOPPED, false, null, false, false))
        .failCount(new FailCount("db", "node1", 1, failed))
        .build();
  }

  @Test
  void digestsAreThoseComputedByPacemaker() {
    // all taken from CIBs written by Pacemaker (the corpus and crm_simulate -O)
    assertThat(CibWriterDigests.of(java.util.Map.of(), 0, 20_000)).isEqualTo("f2317cad3d54cec5d7d7aa7d0bf35cf8");
    assertThat(CibWriterDigests.of(java.util.Map.of(), 10_000, 20_000)).isEqualTo("4811cef7f7f94e3a35a70be7916cb2fd");
    assertThat(CibWriterDigests.of(java.util.Map.of("ip_family", "ipv4"), 0, 20_000))
        .isEqualTo("7da16842ab2328e41f737cab5e5fc89c");
    assertThat(CibWriterDigests.of(java.util.Map.of("ip_family", "ipv4"), 60_000, 20_000))
        .isEqualTo("a88218bb6c7dc47e6586fc75fc2a8d69");
    var params = java.util.Map.of("ip", "10.0.0.1", "cidr_netmask", "24", "Zeta", "a&b\"c");
    assertThat(CibWriterDigests.of(params, 0, 20_000)).isEqualTo("9f678ef0c0d86d260691fe6f05fb75a4");
    assertThat(CibWriterDigests.of(params, 30_000, 45_000)).isEqualTo("161fe5db2d1db99da9e48216c83d2e1b");
  }

  @Test
  void writesWellFormedXmlWithHistoryAndFailCounts() throws Exception {
    String xml = CibWriter.toXml(config(), state(), NOW);
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getAttribute("execution-date")).isEqualTo("1700000000");
    assertThat(doc.getElementsByTagName("primitive").getLength()).isEqualTo(4);
    assertThat(doc.getElementsByTagName("node_state").getLength()).isEqualTo(3);
    assertThat(xml).contains("name=\"fail-count-db\" value=\"1\"", "name=\"last-failure-db\" value=\"1699999970\"",
        "operation_key=\"db_monitor_10000\"", "rc-code=\"7\"");
  }

  @Test
  void crmSimulateReadsTheWrittenCibWithoutDefinitionChanges() {
    CrmSimulate oracle = OracleEnvironment.requireCrmSimulate(null);
    CrmSimulate.Answer answer = oracle.simulate(CibWriter.toXml(config(), state(), NOW));
    assertThat(answer.hasDefinitionChange()).as(answer.output()).isFalse();
    // node3 is fenced and the web group moves off it (to node2, its location); db failed with a fail
    // count at its threshold: banned from node1, it is recovered on node2 despite the -100 colocation
    assertThat(answer.actions()).as(answer.output()).containsExactlyElementsOf(CibWriterTest.EXPECTED);
  }

  @Test
  void cibReadGivesBackWhatWasWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("cib.xml");
    CibWriter.write(config(), state(), NOW, file);
    io.ha4j.pacemaker.CibSnapshot read;
    try {
      read = io.ha4j.pacemaker.Cib.read(file);
    } catch (UnsupportedOperationException e) {
      org.junit.jupiter.api.Assumptions.abort("Cib.read is not implemented yet");
      return;
    }
    ClusterConfig c = config();
    assertThat(read.executionTime()).contains(NOW);
    assertThat(read.config().nodes()).isEqualTo(c.nodes());
    for (Primitive p : c.primitives()) {
      Primitive back = (Primitive) read.config().resource(p.id()).orElseThrow();
      assertThat(back.agent()).isEqualTo(p.agent());
      assertThat(back.parameters()).isEqualTo(p.parameters());
      assertThat(back.meta()).isEqualTo(p.meta());
    }
    assertThat(read.config().resources().stream().map(io.ha4j.Resource::id))
        .containsExactly("fence", "web", "db");
    assertThat(read.config().constraints()).containsExactlyInAnyOrderElementsOf(c.constraints());
    assertThat(read.config().resourceDefaults()).isEqualTo(c.resourceDefaults());
    assertThat(read.config().properties().withWatchdogFencing(false))
        .isEqualTo(c.properties().withWatchdogFencing(false));
    ClusterState s = state();
    assertThat(read.state().quorate()).isTrue();
    assertThat(read.state().nodes().values()).extracting(NodeState::name, NodeState::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("node1", NodeStatus.ONLINE),
            org.assertj.core.groups.Tuple.tuple("node2", NodeStatus.ONLINE),
            org.assertj.core.groups.Tuple.tuple("node3", NodeStatus.UNCLEAN));
    assertThat(read.state().failCounts()).containsExactlyElementsOf(s.failCounts());
    for (ResourceNodeState r : s.resources()) {
      assertThat(read.state().resources())
          .as("%s on %s", r.resource(), r.node())
          .anySatisfy(b -> {
            assertThat(b.resource()).isEqualTo(r.resource());
            assertThat(b.node()).isEqualTo(r.node());
            assertThat(b.role()).isEqualTo(r.role());
            assertThat(b.failed()).isEqualTo(r.failed());
          });
    }
  }

  /** crm_simulate 2.1.5's answer for {@link #config()} and {@link #state()}. */
  static final java.util.List<String> EXPECTED = java.util.List.of(
      "fence node3", "move site node3 node2", "move vip node3 node2", "recover db node1 node2");
}
