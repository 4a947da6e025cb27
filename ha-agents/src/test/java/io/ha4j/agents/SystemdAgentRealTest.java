package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.spi.OcfStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The systemd agent against the real systemd, where PID 1 is systemd (skipped elsewhere, with the reason). */
class SystemdAgentRealTest {

  @Test
  void startsAndStopsATransientTestUnit() throws Exception {
    String pid1 = Files.exists(Path.of("/proc/1/comm")) ? Files.readString(Path.of("/proc/1/comm")).strip() : "?";
    boolean booted = Files.isDirectory(Path.of("/run/systemd/system"));
    if (!booted || !"root".equals(System.getProperty("user.name"))) {
      String why = !booted ? "PID 1 is '" + pid1 + "', not systemd" : "not root";
      System.out.println("SKIPPED SystemdAgentRealTest: " + why);
      Assumptions.assumeTrue(false, why);
    }
    String unit = "ha4jtest-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + ".service";
    Path file = Path.of("/run/systemd/system", unit);
    Files.writeString(file, "[Service]\nExecStart=/bin/sleep 300\n");
    try {
      Netns.ok("systemctl", "daemon-reload");
      SystemdAgent agent = new SystemdAgent();
      Map<String, String> p = Map.of("unit", unit);
      assertThat(agent.monitor(Contexts.of("u", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
      assertThat(agent.start(Contexts.of("u", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
      assertThat(agent.monitor(Contexts.of("u", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
      assertThat(agent.stop(Contexts.of("u", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
      assertThat(agent.monitor(Contexts.of("u", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    } finally {
      Netns.run(java.util.List.of("systemctl", "stop", unit));
      Files.deleteIfExists(file);
      Netns.run(java.util.List.of("systemctl", "daemon-reload"));
    }
  }
}
