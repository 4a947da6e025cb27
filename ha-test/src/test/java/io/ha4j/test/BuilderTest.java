package io.ha4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.ClusterConfig;
import io.ha4j.ConfigViolation;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jEvent;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.memory.MemoryEnsemble;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** build() validates everything at once; timing presets; events arrive in order. */
class BuilderTest {

  private static final ResourceAgent STRICT = new ResourceAgent() {
    @Override
    public AgentMetadata metadata() {
      return new AgentMetadata("test:strict", "needs ip", List.of(new AgentMetadata.Parameter("ip", true, null, "the address")),
          Map.of());
    }

    @Override
    public AgentResult start(AgentContext c) {
      return AgentResult.success();
    }

    @Override
    public AgentResult stop(AgentContext c) {
      return AgentResult.success();
    }

    @Override
    public AgentResult monitor(AgentContext c) {
      return AgentResult.notRunning();
    }
  };

  @Test
  void buildListsEveryProblemWithItsPath() {
    ClusterConfig config = ClusterConfig.builder().nodes("node1")
        .resource(Primitive.builder("A", "test:strict").param("typo", "x").build())
        .resource(Primitive.builder("B", "test:missing").build()).build();
    var builder = Ha4j.builder().nodeId("node9").configuration(config).agent("test:strict", STRICT)
        .agent("test:strict", STRICT).discoverAgents(false);
    assertThatThrownBy(builder::build).isInstanceOf(Ha4jConfigException.class)
        .extracting(e -> ((Ha4jConfigException) e).violations().stream().map(ConfigViolation::path).toList())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder("coordinator", "agents[test:strict]", "nodeId",
            "configuration.resources[A].parameters[ip]", "configuration.resources[A].parameters[typo]",
            "configuration.resources[B].agent");
  }

  @Test
  void settingsCanBeSetOnlyOnce() {
    var b = Ha4j.builder().nodeId("a");
    assertThatThrownBy(() -> b.nodeId("b")).isInstanceOf(IllegalStateException.class).hasMessageContaining("a");
  }

  @Test
  void presetsAreConsistentAndShowTheirWorstCase() {
    for (Timing t : List.of(Timing.LAN_FAST, Timing.DEFAULT, Timing.WAN, Timing.ofLease(Duration.ofSeconds(2)))) {
      assertThat(t.violations()).as(t.name()).isEmpty();
      assertThat(t.toString()).contains("worstCaseFailover=" + t.worstCaseFailover());
      assertThat(t.worstCaseFailover()).isGreaterThan(t.session().lease());
    }
    assertThat(Timing.LAN_FAST.worstCaseFailover()).isLessThan(Timing.DEFAULT.worstCaseFailover());
  }

  @Test
  void eventsArriveInOrderOnTheEventExecutor() {
    try (var cluster = InProcessCluster.of(Scenarios.seed().build())) {
      cluster.startAll().advance(Duration.ofSeconds(5));
      List<Ha4jEvent> node1 = cluster.events("node1");
      assertThat(node1).filteredOn(e -> e instanceof Ha4jEvent.ResourceStarting || e instanceof Ha4jEvent.ResourceStarted)
          .extracting(Object::getClass).extracting(Class::getSimpleName)
          .containsExactly("ResourceStarting", "ResourceStarted", "ResourceStarting", "ResourceStarted");
      assertThat(cluster.events(cluster.leader().orElseThrow()))
          .anySatisfy(e -> assertThat(e).isInstanceOf(Ha4jEvent.LeadershipGained.class));
    }
  }

  @Test
  void anExistingStoredConfigurationIsKept() {
    MemoryEnsemble ensemble = MemoryEnsemble.create();
    ClusterConfig first = ClusterConfig.builder().version(1).nodes("node1").build();
    ClusterConfig second = ClusterConfig.builder().version(7).nodes("node1", "node2").build();
    var a = Ha4j.builder().nodeId("node1").coordinator(ensemble.connect("node1")).configuration(first)
        .clock(ensemble.clock()).scheduler(ensemble.clock()).agentExecutor(Runnable::run)
        .eventExecutor(ensemble.clock()::execute).discoverAgents(false).build();
    a.start();
    ensemble.clock().advance(Duration.ofSeconds(2));
    var b = Ha4j.builder().nodeId("node1").coordinator(ensemble.connect("node1b")).configuration(second)
        .clock(ensemble.clock()).scheduler(ensemble.clock()).agentExecutor(Runnable::run)
        .eventExecutor(ensemble.clock()::execute).discoverAgents(false).build();
    b.start();
    ensemble.clock().advance(Duration.ofSeconds(2));
    assertThat(b.config().nodes()).hasSize(1);
    a.close();
    b.close();
  }
}
