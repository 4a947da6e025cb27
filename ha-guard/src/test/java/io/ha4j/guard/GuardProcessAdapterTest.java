package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ha4j.spi.ExternalResource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's hook onto the guard: attribute mapping, list differences as HOLD/RELEASE, and a new
 * guard after the old one vanished. Release-only mode throughout: this JVM must never be killed.
 */
class GuardProcessAdapterTest {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private GuardProcessAdapter adapter;

  @AfterEach
  void cleanUp() {
    if (adapter != null) {
      adapter.close();
    }
    started.forEach(Process::destroyForcibly);
  }

  private Process sleeper() throws IOException {
    Process p = new ProcessBuilder("sleep", "600").start();
    started.add(p);
    return p;
  }

  private static ExternalResource process(Process p) {
    return new ExternalResource("rsc", GuardProcessAdapter.PROCESS, Map.of("pid", Long.toString(p.pid())));
  }

  private GuardProcessAdapter startAdapter() {
    return GuardProcessAdapter.start(GuardOptions.defaults().withMode(GuardMode.RELEASE_ONLY)
        .withStderrFile(dir.resolve("guard.err")));
  }

  @Test
  void mapsTheRuntimesAttributes() {
    assertThat(GuardProcessAdapter.toHeld(new ExternalResource("vip", "ip-address",
        Map.of("address", "10.0.0.100/24", "device", "eth0"))))
        .isEqualTo(HeldResource.address("eth0", "10.0.0.100/24"));
    assertThat(GuardProcessAdapter.toHeld(new ExternalResource("vip", "ip-address",
        Map.of("address", "10.0.0.100", "prefix", "24", "device", "eth0", "netns", "blue"))))
        .isEqualTo(HeldResource.address("eth0", "10.0.0.100/24", "blue"));
    assertThat(GuardProcessAdapter.toHeld(new ExternalResource("p", "process", Map.of("pid", "4242", "starttime", "9"))))
        .isEqualTo(new HeldResource.ProcessInstance(4242, 9));
    assertThat(GuardProcessAdapter.toHeld(new ExternalResource("u", "systemd-unit", Map.of("unit", "web.service"))))
        .isEqualTo(HeldResource.unit("web.service"));
    assertThatThrownBy(() -> GuardProcessAdapter.toHeld(new ExternalResource("x", "file", Map.of())))
        .hasMessageContaining("unknown kind");
    assertThatThrownBy(() -> GuardProcessAdapter.toHeld(new ExternalResource("vip", "ip-address",
        Map.of("address", "10.0.0.100/24")))).hasMessageContaining("'device'");
    assertThatThrownBy(() -> GuardProcessAdapter.toHeld(new ExternalResource("vip", "ip-address",
        Map.of("address", "10.0.0.100/24", "device", "eth0; reboot")))).hasMessageContaining("interface name");
  }

  @Test
  void onlyWhatIsStillHeldIsKilledWhenTheLeaseEnds() throws Exception {
    Process released = sleeper();
    Process kept = sleeper();
    adapter = startAdapter();
    adapter.holding(List.of(process(released), process(kept)));
    adapter.holding(List.of(process(kept)));
    adapter.extendLease(Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(5)).until(() -> !kept.isAlive());
    assertThat(released.isAlive()).isTrue();
  }

  @Test
  void aVanishedGuardIsReplacedAndGetsTheCurrentList() throws Exception {
    Process held = sleeper();
    adapter = startAdapter();
    adapter.holding(List.of(process(held)));
    long first = adapter.guardPid();
    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // the guard dies without doing anything
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(first).map(h -> !h.isAlive()).orElse(true));
    assertThat(held.isAlive()).isTrue();
    // the next call notices, a new guard starts in the background with the held list
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      adapter.extendLease(Duration.ofSeconds(60));
      return adapter.guardPid() > 0 && adapter.guardPid() != first;
    });
    adapter.extendLease(Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(() -> !held.isAlive());
  }

  @Test
  void aCleanReleaseLeavesEverythingRunning() throws Exception {
    Process held = sleeper();
    adapter = startAdapter();
    long pid = adapter.guardPid();
    adapter.holding(List.of(process(held)));
    adapter.extendLease(Duration.ofMillis(300));
    adapter.release();
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    assertThat(held.isAlive()).isTrue();
    adapter.extendLease(Duration.ofMillis(300)); // ignored after release
    assertThat(adapter.guardPid()).isEqualTo(-1);
  }
}
