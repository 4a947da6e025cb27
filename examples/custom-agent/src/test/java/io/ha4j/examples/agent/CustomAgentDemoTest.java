package io.ha4j.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.Ha4j;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.OcfStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example keeps working: the agent's contract, and the demo's takeover. */
class CustomAgentDemoTest {

  private static AgentContext ctx(String op) {
    return new AgentContext("report-job", op, Map.of("every", "PT0.1S"), "node1", 1, Duration.ofSeconds(5),
        System.nanoTime() + Duration.ofSeconds(5).toNanos(), Ha4jClock.system());
  }

  @Test
  void startAndStopAreIdempotentAndMonitorTellsTheTruth() {
    ReportJobAgent agent = new ReportJobAgent();
    assertThat(agent.monitor(ctx("probe")).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.start(ctx("start")).isSuccess()).isTrue();
    assertThat(agent.start(ctx("start")).isSuccess()).isTrue();
    assertThat(agent.monitor(ctx("monitor")).isSuccess()).isTrue();
    assertThat(agent.stop(ctx("stop")).isSuccess()).isTrue();
    assertThat(agent.stop(ctx("stop")).isSuccess()).isTrue();
    assertThat(agent.monitor(ctx("monitor")).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(Ha4j.class).isNotNull();
  }

  @Test
  void theDemoMovesTheJobWhenItsNodeLeaves() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CustomAgentDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertThat(out).containsPattern("report-job runs on (node\\d); stopping \\1").contains("report-job moved to node")
        .contains("report #1 ");
  }
}
