package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard program as a real process, without root: hostile lines change nothing, a closed pipe or
 * an expired lease kills the held processes (never a reused pid), a goodbye kills nothing. This JVM
 * is never named as the guard's JVM in kill-jvm mode.
 */
class GuardProcessTest {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  private Process sleeper() throws IOException {
    Process p = new ProcessBuilder("sleep", "600").start();
    started.add(p);
    return p;
  }

  /** GuardMain with a pipe we hold; replies read line by line. */
  private final class RawGuard {
    final Process process;
    final OutputStream in;
    final BufferedReader out;

    RawGuard() throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.addAll(GuardOptions.DEFAULT_JVM_OPTIONS);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GuardMain.class.getName()));
      process = new ProcessBuilder(cmd).redirectError(dir.resolve("guard.err").toFile()).start();
      started.add(process);
      in = process.getOutputStream();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(out.readLine()).startsWith("READY ");
    }

    String send(String line) throws IOException {
      return sendBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    String sendBytes(byte[] bytes) throws IOException {
      in.write(bytes);
      in.flush();
      return out.readLine();
    }

    int exitCode() throws InterruptedException {
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("guard exited").isTrue();
      return process.exitValue();
    }
  }

  private String guardLog() throws IOException {
    return Files.readString(dir.resolve("guard.err"));
  }

  @Test
  void hostileLinesAreRefusedAndRunNothing() throws Exception {
    Path marker = dir.resolve("pwned");
    RawGuard g = new RawGuard();
    for (String line : List.of(
        "HOLD ADDR $(touch " + marker + ") 10.255.0.1/32",
        "HOLD ADDR eth0 10.255.0.1/32;touch " + marker,
        "HOLD UNIT x.service;touch " + marker,
        "HOLD UNIT `touch " + marker + "`.service",
        "HOLD ADDR -f 10.255.0.1/32",
        "HOLD PID 1 1",
        "JVM 1",
        "MODE shell")) {
      assertThat(g.send(line)).as(line).startsWith("ERR ");
    }
    assertThat(g.sendBytes("HOLD UNIT caf\u00e9.service\n".getBytes(StandardCharsets.UTF_8))).startsWith("ERR ");
    assertThat(g.sendBytes("HOLD UNIT a.service\r\n".getBytes(StandardCharsets.US_ASCII))).startsWith("ERR ");
    assertThat(g.send("HOLD UNIT " + "a".repeat(5000) + ".service")).startsWith("ERR line longer");
    assertThat(g.send("LEASE 60000")).isEqualTo("OK"); // still answering after all that
    // the refused lines held nothing: the pipe closing releases nothing
    g.in.close();
    assertThat(g.exitCode()).isEqualTo(4);
    assertThat(marker).doesNotExist();
    assertThat(guardLog()).contains("enforcing after PIPE_CLOSED: mode kill-jvm, 0 resources")
        .contains("nothing held");
  }

  @Test
  void aClosedPipeKillsTheHeldProcessAndItsChildren() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 600 & sleep 600; wait").start();
    started.add(parent);
    await().atMost(Duration.ofSeconds(5)).until(() -> parent.descendants().count() == 2);
    List<ProcessHandle> children = parent.descendants().toList();
    Process other = sleeper();
    RawGuard g = new RawGuard();
    assertThat(g.send("HOLD " + HeldResource.process(parent.pid()).protocolArguments())).isEqualTo("OK");
    g.in.close();
    assertThat(g.exitCode()).isEqualTo(4);
    await().atMost(Duration.ofSeconds(5)).until(() -> !parent.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void aReusedPidIsNeverKilled() throws Exception {
    Process victim = sleeper();
    HeldResource.ProcessInstance real = HeldResource.process(victim.pid());
    RawGuard g = new RawGuard();
    // the held instance started one tick earlier: the pid now belongs to another process
    assertThat(g.send("HOLD PID " + real.pid() + " " + (real.startTime() - 1))).isEqualTo("OK");
    g.in.close();
    assertThat(g.exitCode()).isEqualTo(4);
    assertThat(victim.isAlive()).isTrue();
    assertThat(guardLog()).contains("pid reused");
  }

  @Test
  void anExpiredLeaseKillsTheHeldProcessAndTheClientLearnsItsGuardIsGone() throws Exception {
    Process held = sleeper();
    try (GuardClient client = GuardClient.start(GuardOptions.defaults().withMode(GuardMode.RELEASE_ONLY)
        .withStderrFile(dir.resolve("guard.err")))) {
      client.hold(HeldResource.process(held.pid()));
      long t0 = System.nanoTime();
      client.lease(Duration.ofMillis(300));
      assertThat(client.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
      await().atMost(Duration.ofSeconds(5)).until(() -> !held.isAlive());
      assertThat(client.isAlive()).isFalse();
      assertThatThrownBy(() -> client.lease(Duration.ofMillis(300))).isInstanceOf(GuardException.class);
      assertThatThrownBy(() -> client.hold(HeldResource.unit("x.service"))).isInstanceOf(GuardException.class);
    }
    assertThat(guardLog()).contains("lease expired").contains("mode release-only").doesNotContain("kill jvm");
  }

  @Test
  void goodbyeKillsNothing() throws Exception {
    Process held = sleeper();
    GuardClient client = GuardClient.start(GuardOptions.defaults().withMode(GuardMode.RELEASE_ONLY)
        .withStderrFile(dir.resolve("guard.err")));
    client.hold(HeldResource.process(held.pid()));
    client.lease(Duration.ofMillis(200));
    client.close();
    assertThat(client.onExit().get(5, TimeUnit.SECONDS)).isZero();
    client.close(); // idempotent
    assertThat(held.isAlive()).isTrue();
    assertThatThrownBy(() -> client.lease(Duration.ofMillis(200))).isInstanceOf(GuardException.class);
  }

  @Test
  void releasedProcessesAreLeftAlone() throws Exception {
    Process kept = sleeper();
    Process killed = sleeper();
    try (GuardClient client = GuardClient.start(GuardOptions.defaults().withMode(GuardMode.RELEASE_ONLY)
        .withStderrFile(dir.resolve("guard.err")))) {
      client.hold(HeldResource.process(kept.pid()));
      client.hold(HeldResource.process(killed.pid()));
      client.release(HeldResource.process(kept.pid()));
      client.lease(Duration.ofMillis(1));
      assertThat(client.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !killed.isAlive());
    assertThat(kept.isAlive()).isTrue();
  }
}
