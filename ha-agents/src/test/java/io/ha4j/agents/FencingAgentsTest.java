package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ha4j.spi.AgentResult;
import io.ha4j.spi.FenceAction;
import io.ha4j.spi.OcfStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence-agent adapter against a fake {@code fence_*} program, and the command fencing agent. */
class FencingAgentsTest {

  @TempDir
  Path dir;

  private Path fenceFake;

  @BeforeEach
  void fake() throws Exception {
    fenceFake = dir.resolve("fence_fake");
    try (InputStream in = getClass().getResourceAsStream("/fake/fence_fake")) {
      Files.copy(in, fenceFake);
    }
    fenceFake.toFile().setExecutable(true);
  }

  private FenceAgentAdapter.Builder device() {
    return FenceAgentAdapter.builder(fenceFake.toString()).option("ip", "198.18.0.9").option("username", "admin")
        .option("password", "s3cret").hostMap("node1", "vm-node1").hosts("node2");
  }

  @Test
  void offStatusOnRebootWithOptionsOnStandardInput() throws Exception {
    FenceAgentAdapter fence = device().build();
    assertThat(fence.name()).isEqualTo("fence_fake");
    assertThat(fence.canFence("node1")).isTrue();
    assertThat(fence.canFence("node3")).isFalse();

    assertThat(fence.fence("node1", FenceAction.OFF, Duration.ofSeconds(10)).status()).isEqualTo(OcfStatus.SUCCESS);
    AgentResult off = fence.fence("node1", FenceAction.STATUS, Duration.ofSeconds(10));
    assertThat(off.status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(off.message()).isEqualTo("node1 is off");
    assertThat(fence.fence("node1", FenceAction.ON, Duration.ofSeconds(10)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(fence.fence("node1", FenceAction.STATUS, Duration.ofSeconds(10)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(fence.fence("node2", FenceAction.REBOOT, Duration.ofSeconds(10)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(fence.monitorDevice(Duration.ofSeconds(10)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(fence.fence("node3", FenceAction.OFF, Duration.ofSeconds(10)).status())
        .isEqualTo(OcfStatus.INVALID_ARGUMENT);

    List<String> stdin = Files.readAllLines(dir.resolve("stdin.log"));
    assertThat(stdin.subList(0, 6)).containsExactly("action=off", "plug=vm-node1", "ip=198.18.0.9",
        "username=admin", "password=s3cret", "--- argc=0");
    assertThat(stdin).contains("plug=node2");
  }

  @Test
  void failuresAndTimeouts() throws Exception {
    FenceAgentAdapter wrongPassword = FenceAgentAdapter.builder(fenceFake.toString()).option("password", "nope")
        .hosts("node1").build();
    AgentResult r = wrongPassword.fence("node1", FenceAction.OFF, Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("exit code 1").contains("Unable to connect/login").doesNotContain("nope");

    FenceAgentAdapter stuck = device().hostMap("node9", "stuck").build();
    long t0 = System.nanoTime();
    AgentResult t = stuck.fence("node9", FenceAction.REBOOT, Duration.ofMillis(500));
    assertThat(t.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(t.message()).contains("timed out");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4000);

    FenceAgentAdapter missing = FenceAgentAdapter.builder(dir.resolve("fence_none").toString()).hosts("n1").build();
    assertThat(missing.fence("n1", FenceAction.OFF, Duration.ofSeconds(5)).status()).isEqualTo(OcfStatus.NOT_INSTALLED);
  }

  @Test
  void hostileOptionsAndNodesAreRefused() {
    assertThatThrownBy(() -> device().option("password", "x\naction=on")).hasMessageContaining("control character");
    assertThatThrownBy(() -> device().option("action", "on")).hasMessageContaining("set by the adapter");
    assertThatThrownBy(() -> device().option("ip; rm", "x")).hasMessageContaining("not a fence option name");
    assertThatThrownBy(() -> device().hosts("-f")).hasMessageContaining("not a node name");
    assertThatThrownBy(() -> device().hosts("$(reboot)")).hasMessageContaining("not a node name");
    assertThatThrownBy(() -> device().hostMap("n1", "vm\nplug=other")).hasMessageContaining("control character");
    assertThatThrownBy(() -> FenceAgentAdapter.builder("../fence_x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FenceAgentAdapter.builder(fenceFake.toString()).build())
        .isInstanceOf(IllegalStateException.class);
    FenceAgentAdapter fence = device().build();
    assertThatThrownBy(() -> fence.fence("node1\naction=on", FenceAction.OFF, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commandFencingAgentSubstitutesNodeAndActionInsideArguments() throws Exception {
    Path log = dir.resolve("cmd.log");
    // touch creates the named files: their names prove the substitution, and that $(...) stayed text
    CommandFencingAgent agent = new CommandFencingAgent("pdu",
        List.of("/usr/bin/touch", dir + "/outlet-{node}-{action}", dir + "/$(touch ha4j-canary); `id`-{node}"),
        Set.of("node1", "db-2.example"));
    assertThat(agent.canFence("node1")).isTrue();
    assertThat(agent.fence("node1", FenceAction.OFF, Duration.ofSeconds(5)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dir.resolve("outlet-node1-off")).exists();
    assertThat(agent.fence("db-2.example", FenceAction.REBOOT, Duration.ofSeconds(5)).status())
        .isEqualTo(OcfStatus.SUCCESS);
    assertThat(dir.resolve("outlet-db-2.example-reboot")).exists();
    assertThat(dir.resolve("$(touch ha4j-canary); `id`-node1")).exists();
    assertThat(Path.of("/ha4j-canary")).doesNotExist();
    assertThat(agent.fence("node7", FenceAction.OFF, Duration.ofSeconds(5)).status())
        .isEqualTo(OcfStatus.INVALID_ARGUMENT);
    assertThat(log).doesNotExist();

    CommandFencingAgent status = new CommandFencingAgent("st", List.of("/bin/sh", "-c", "exit 2"), Set.of("n1"));
    assertThat(status.fence("n1", FenceAction.STATUS, Duration.ofSeconds(5)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThatThrownBy(() -> new CommandFencingAgent("x", List.of("{node}"), Set.of("n1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommandFencingAgent("x", List.of("/bin/true"), Set.of("-rf")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
