package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd agent's commands and state mapping against a fake {@code systemctl}; the real
 * systemd test is {@link SystemdAgentRealTest}.
 */
class SystemdAgentTest {

  @TempDir
  Path dir;

  private SystemdAgent agent;

  @BeforeEach
  void fake() throws Exception {
    Path fake = dir.resolve("systemctl");
    try (InputStream in = getClass().getResourceAsStream("/fake/systemctl")) {
      Files.copy(in, fake);
    }
    fake.toFile().setExecutable(true);
    Files.createDirectories(dir.resolve("units"));
    Files.writeString(dir.resolve("units/web.service"), "inactive\n");
    agent = new SystemdAgent(CommandPrefix.none(), fake.toString());
  }

  @Test
  void startMonitorStopMapUnitStates() throws Exception {
    Map<String, String> p = Map.of("unit", "web");
    assertThat(agent.monitor(Contexts.of("web", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.start(Contexts.of("web", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.monitor(Contexts.of("web", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.start(Contexts.of("web", "start", p)).message()).contains("already active");
    assertThat(agent.stop(Contexts.of("web", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.stop(Contexts.of("web", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(Files.readAllLines(dir.resolve("calls.log"))).contains(
        "--no-ask-password start -- web.service", "--no-ask-password stop -- web.service",
        "--no-ask-password show --property=LoadState,ActiveState,SubState -- web.service");
  }

  @Test
  void aFailedUnitIsAnErrorAndAMissingUnitIsNotInstalled() throws Exception {
    Files.writeString(dir.resolve("units/web.service.broken"), "");
    AgentResult r = agent.start(Contexts.of("web", "start", Map.of("unit", "web.service")));
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("Job for web.service failed").contains("failed");
    assertThat(agent.monitor(Contexts.of("web", "monitor", Map.of("unit", "web"))).status())
        .isEqualTo(OcfStatus.GENERIC_ERROR);

    Map<String, String> missing = Map.of("unit", "missing.service");
    assertThat(agent.start(Contexts.of("m", "start", missing)).status()).isEqualTo(OcfStatus.NOT_INSTALLED);
    assertThat(agent.monitor(Contexts.of("m", "monitor", missing)).status()).isEqualTo(OcfStatus.NOT_INSTALLED);
    assertThat(agent.monitor(Contexts.of("m", "probe", missing)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.stop(Contexts.of("m", "stop", missing)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void noSystemctlMeansNotInstalled() throws Exception {
    SystemdAgent none = new SystemdAgent(CommandPrefix.none(), dir.resolve("no-such-systemctl").toString());
    AgentResult r = none.start(Contexts.of("web", "start", Map.of("unit", "web")));
    assertThat(r.status()).isEqualTo(OcfStatus.NOT_INSTALLED);
    assertThat(r.message()).contains("systemd is not available");
  }

  @Test
  void unitNamesAreChecked() {
    for (String bad : new String[] {"-f", "--now", "web; rm -rf /", "$(reboot)", "a\nb", "web.exe", ".hidden"}) {
      assertThat(agent.validate(Map.of("unit", bad))).as(bad).isNotEmpty();
    }
    assertThat(agent.validate(Map.of("unit", "getty@tty1.service"))).isEmpty();
    assertThat(agent.validate(Map.of("unit", "web", "extra", "x"))).extracting(v -> v.path())
        .containsExactly("parameters[extra]");
  }
}
