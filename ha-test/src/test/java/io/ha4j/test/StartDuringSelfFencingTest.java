package io.ha4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ha4j.ClusterConfig;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Timing;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ExternalResourceGuard;
import io.ha4j.spi.ExternalResourceSource;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.memory.ManualClock;
import io.ha4j.spi.memory.MemoryEnsemble;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A start still running (on a real thread) when the node's lease runs out: self-fencing must not
 * stop the resource or tell the guard it is released while the start is in flight, and must stop it
 * (then release it) once the start returns. Otherwise the guard could be told "released" while the
 * start goes on to add the address, which a frozen JVM would then hold unguarded.
 */
class StartDuringSelfFencingTest {

  /** Blocks in start until released; declares one external address. */
  static final class SlowStartAgent implements ResourceAgent, ExternalResourceSource {
    final CountDownLatch startEntered = new CountDownLatch(1);
    final CountDownLatch releaseStart = new CountDownLatch(1);
    final AtomicInteger stops = new AtomicInteger();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public AgentMetadata metadata() {
      return new AgentMetadata("test:slow", "blocks in start", List.of(), Map.of());
    }

    @Override
    public AgentResult start(AgentContext ctx) throws Exception {
      startEntered.countDown();
      assertThat(releaseStart.await(30, TimeUnit.SECONDS)).isTrue();
      events.add("start-returned");
      return AgentResult.success();
    }

    @Override
    public AgentResult stop(AgentContext ctx) {
      stops.incrementAndGet();
      events.add("stop");
      return AgentResult.success();
    }

    @Override
    public AgentResult monitor(AgentContext ctx) {
      return events.contains("start-returned") && stops.get() == 0 ? AgentResult.success() : AgentResult.notRunning();
    }

    @Override
    public List<ExternalResource> externalResources(AgentContext ctx) {
      return List.of(new ExternalResource(ctx.resourceId(), "ip-address", Map.of("address", "198.18.0.1/32")));
    }
  }

  /** Records what the node tells its guard, in order. */
  static final class GuardSpy implements ExternalResourceGuard {
    final List<List<ExternalResource>> lists = new CopyOnWriteArrayList<>();

    @Override
    public void extendLease(Duration validFor) {}

    @Override
    public void holding(List<ExternalResource> resources) {
      lists.add(List.copyOf(resources));
    }
  }

  @Test
  void aStartInFlightIsStoppedAndReleasedOnlyAfterItReturns() {
    ManualClock clock = new ManualClock();
    Timing timing = Timing.DEFAULT;
    MemoryEnsemble ensemble = MemoryEnsemble.create(clock, timing.session());
    SlowStartAgent agent = new SlowStartAgent();
    GuardSpy guard = new GuardSpy();
    ExecutorService agentThreads = Executors.newCachedThreadPool();
    List<Ha4jEvent> events = new CopyOnWriteArrayList<>();
    List<String> halts = new CopyOnWriteArrayList<>();
    ClusterConfig config = ClusterConfig.builder().nodes("n1")
        .resource(Primitive.builder("vip", "test:slow").build()).build();
    Ha4jNode node = Ha4j.builder().nodeId("n1").coordinator(c -> ensemble.connect("n1")).configuration(config)
        .agent("test:slow", agent).discoverAgents(false).clock(clock).scheduler(clock)
        .agentExecutor(agentThreads).eventExecutor(clock::execute).timing(timing).guard(guard)
        .listener(events::add).halt(halts::add).build();
    try {
      node.start();
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
        clock.advance(Duration.ofMillis(100)); // virtual time moves only while we wait for the start
        return agent.startEntered.getCount() == 0;
      });
      assertThat(guard.lists).last().asList().as("held before the start runs").hasSize(1);

      ensemble.partition("n1");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
        clock.advance(Duration.ofMillis(20));
        return events.stream().anyMatch(e -> e instanceof Ha4jEvent.SelfFencing);
      });
      // self-fencing has begun; the start is still in flight: no stop yet, nothing released
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> agent.stops.get() == 0);
      assertThat(guard.lists).last().asList().as("still held while the start runs").hasSize(1);

      agent.releaseStart.countDown(); // the start returns before the lease has ended
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
        clock.advance(Duration.ofMillis(5));
        return agent.stops.get() > 0;
      });
      assertThat(halts).as("stopped in time: no halt").isEmpty();
      assertThat(agent.events).containsExactly("start-returned", "stop");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(guard.lists).last().asList().as("released after the stop").isEmpty());
    } finally {
      agent.releaseStart.countDown();
      node.close();
      agentThreads.shutdownNow();
    }
  }
}
