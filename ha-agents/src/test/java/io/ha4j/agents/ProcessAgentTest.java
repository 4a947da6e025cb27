package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process agent with real child processes. */
class ProcessAgentTest {

  @TempDir
  Path dir;

  private final ProcessAgent agent = new ProcessAgent();
  private final List<Map<String, String>> toStop = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (Map<String, String> p : toStop) {
      agent.stop(Contexts.of("cleanup", "stop", p));
    }
  }

  private Map<String, String> params(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    m.put("pidfile", dir.resolve("p.pid").toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    toStop.add(m);
    return m;
  }

  @Test
  void startIsIdempotentAndMonitorSeesAKill9() throws Exception {
    Map<String, String> p = params("command", "sleep", "args", "300");
    assertThat(agent.monitor(Contexts.of("sleeper", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.start(Contexts.of("sleeper", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    long pid = Long.parseLong(Files.readString(dir.resolve("p.pid")).strip());
    assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command())).hasValue("/usr/bin/sleep");
    AgentResult again = agent.start(Contexts.of("sleeper", "start", p));
    assertThat(again.status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(again.message()).contains("already running as pid " + pid);
    assertThat(agent.monitor(Contexts.of("sleeper", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();  // kill -9 behind the agent's back
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      AgentResult m = agent.monitor(Contexts.of("sleeper", "monitor", p));
      assertThat(m.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
      assertThat(m.message()).contains("pid " + pid).contains("gone");
    });
    assertThat(agent.stop(Contexts.of("sleeper", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(dir.resolve("p.pid")).doesNotExist();
    assertThat(agent.monitor(Contexts.of("sleeper", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.stop(Contexts.of("sleeper", "stop", p)).status()).as("stop again").isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void stopKillsTheWholeTreeWithSigkillWhenSigtermIsIgnored() throws Exception {
    // the program under test is a shell script by choice of the test; the agent runs it as an argument list
    Map<String, String> p = params("command", "/bin/sh", "args",
        "-c 'trap \"\" TERM; sleep 300 & sleep 300 & wait'", "stop_timeout", "300ms");
    assertThat(agent.start(Contexts.of("tree", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    long pid = Long.parseLong(Files.readString(dir.resolve("p.pid")).strip());
    ProcessHandle main = ProcessHandle.of(pid).orElseThrow();
    await().atMost(Duration.ofSeconds(5)).until(() -> main.descendants().count() == 2);
    List<ProcessHandle> tree = new ArrayList<>(main.descendants().toList());
    tree.add(main);

    long t0 = System.nanoTime();
    AgentResult stopped = agent.stop(Contexts.of("tree", "stop", p));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(stopped.status()).as(stopped.message()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(tree).allMatch(io.ha4j.agents.internal.Exec::hasEnded);
    assertThat(ms).as("SIGKILL after the 300 ms stop_timeout").isBetween(250L, 3000L);
  }

  @Test
  void environmentWorkdirAndLogfileAreApplied() throws Exception {
    Path log = dir.resolve("out.log");
    Path canary = dir.resolve("canary");
    Map<String, String> p = params("command", "/bin/sh",
        "args", "-c 'pwd; echo \"FOO=$FOO\" \"EPOCH=$HA4J_EPOCH\" \"RES=$HA4J_RESOURCE\"; exec sleep 300'",
        "env", "FOO='$(touch " + canary + "); `touch " + canary + "`'",
        "workdir", dir.toString(), "logfile", log.toString());
    assertThat(agent.start(Contexts.of("envy", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log).content()
        .contains(dir.toRealPath().toString())
        .contains("FOO=$(touch " + canary + "); `touch " + canary + "`")
        .contains("EPOCH=7").contains("RES=envy"));
    assertThat(canary).doesNotExist();
  }

  @Test
  void checkCommandDecidesHealth() throws Exception {
    Path ready = dir.resolve("ready");
    Map<String, String> p = params("command", "sleep", "args", "300", "check_command", "/usr/bin/test -e " + ready);
    AgentResult notReady = agent.start(Contexts.of("checked", "start", p, Duration.ofMillis(800)));
    assertThat(notReady.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(notReady.message()).contains("check_command did not succeed");
    Files.createFile(ready);
    assertThat(agent.monitor(Contexts.of("checked", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    Files.delete(ready);
    AgentResult m = agent.monitor(Contexts.of("checked", "monitor", p));
    assertThat(m.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(m.message()).contains("check_command").contains("exit code 1");
  }

  @Test
  void aProgramThatExitsAtOnceFailsTheStart() throws Exception {
    AgentResult r = agent.start(Contexts.of("quick", "start", params("command", "/bin/false")));
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("exited at once with code 1");
    assertThat(dir.resolve("p.pid")).doesNotExist();
  }

  @Test
  void aMissingProgramIsNotInstalled() throws Exception {
    AgentResult r = agent.start(Contexts.of("none", "start", params("command", "/nonexistent/prog")));
    assertThat(r.status()).isEqualTo(OcfStatus.NOT_INSTALLED);
    assertThat(r.message()).contains("parameters[command]").contains("/nonexistent/prog");
  }

  @Test
  void badParametersAreAllReported() {
    assertThat(agent.validate(Map.of("command", "sleep 300", "workdir", "tmp", "stop_timeout", "soon",
        "env", "1X=y", "colour", "red")))
        .extracting(v -> v.path())
        .containsExactlyInAnyOrder("parameters[command]", "parameters[workdir]", "parameters[stop_timeout]",
            "parameters[env]", "parameters[colour]");
    assertThat(agent.validate(Map.of())).extracting(v -> v.toString())
        .containsExactly("parameters[command]: required by ha4j:process");
  }
}
