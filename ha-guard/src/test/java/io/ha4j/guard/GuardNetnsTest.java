package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ha4j.testkit.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard for real: a node stand-in JVM ({@link GuardHolderMain}) holds an address inside a
 * network namespace of this test's own and a {@code sleep} process, with a 600 ms lease renewed every
 * 150 ms. Killing (-9) or freezing (SIGSTOP) that JVM must leave neither behind, judged by looking
 * at the namespace's addresses and at the process itself. Needs root and {@code ip}; skipped with
 * the reason otherwise.
 */
class GuardNetnsTest {
  private static final Logger log = LoggerFactory.getLogger(GuardNetnsTest.class);
  static final long LEASE_MS = 600;
  static final long RENEW_MS = 150;
  /** Lease plus a margin for a loaded machine: starting {@code ip} and the guard's own scheduling. */
  static final Duration WITHIN_LEASE = Duration.ofMillis(LEASE_MS + 1_400);

  @TempDir Path dir;
  private TestNamespace ns;
  private Holder holder;

  /** A running node stand-in and what it holds. */
  record Holder(ForkedJvm jvm, String cidr, long guardPid, long guardStart, long sleepPid, long sleepStart) {
    boolean sleepRunning() {
      return ProcStat.isRunning(sleepPid, sleepStart);
    }

    boolean guardRunning() {
      return ProcStat.isRunning(guardPid, guardStart);
    }
  }

  @BeforeEach
  void namespace() {
    Optional<String> why = TestNamespace.unavailableReason();
    if (why.isPresent()) {
      System.out.println("GuardNetnsTest skipped: " + why.get());
    }
    assumeThat(why).as("network namespaces usable").isEmpty();
    ns = TestNamespace.create();
  }

  @AfterEach
  void cleanUp() {
    if (holder != null) {
      holder.jvm().close();
      killIfRunning(holder.sleepPid(), holder.sleepStart());
      killIfRunning(holder.guardPid(), holder.guardStart());
    }
    if (ns != null) {
      ns.close();
    }
  }

  private static void killIfRunning(long pid, long start) {
    if (ProcStat.isRunning(pid, start)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  static Holder startHolder(TestNamespace ns, Path dir, String name, GuardMode mode) {
    String cidr = TestNamespace.randomAddress();
    ForkedJvm jvm = ForkedJvm.start(name, GuardHolderMain.class,
        List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
        List.of(ns.name(), TestNamespace.DEVICE, cidr, mode.name(), Long.toString(LEASE_MS),
            Long.toString(RENEW_MS), dir.resolve(name + "-guard.err").toString()),
        dir);
    String guard = jvm.awaitLine(0, l -> l.startsWith("GUARD "), Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError(name + " did not start its guard; " + logs(dir, name)));
    long guardPid = Long.parseLong(guard.split(" ")[1]);
    String[] ready = jvm.awaitLine(0, l -> l.startsWith("READY "), Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError(name + " did not get ready; " + logs(dir, name))).split(" ");
    return new Holder(jvm, cidr, guardPid, ProcStat.startTime(guardPid).orElse(-1),
        Long.parseLong(ready[1]), Long.parseLong(ready[2]));
  }

  static String logs(Path dir, String name) {
    StringBuilder b = new StringBuilder();
    for (String f : List.of(name + ".err", name + "-guard.err")) {
      try {
        b.append("\n--- ").append(f).append(" ---\n").append(Files.readString(dir.resolve(f)));
      } catch (IOException e) {
        b.append("\n--- ").append(f).append(": none");
      }
    }
    return b.toString();
  }

  private void await(String what, Duration atMost, Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " not within " + atMost + "; " + logs(dir, holder.jvm().name()), e);
    }
  }

  private void assertHeld() {
    assertThat(ns.hasAddress(holder.cidr())).as("address configured").isTrue();
    assertThat(holder.sleepRunning()).as("sleep running").isTrue();
    assertThat(holder.guardRunning()).as("guard running").isTrue();
  }

  private static long millisSince(long t0, OptionalLong t) {
    return t.isPresent() ? TimeUnit.NANOSECONDS.toMillis(t.getAsLong() - t0) : -1;
  }

  @Test
  void kill9OfTheJvmRemovesItsAddressAndKillsItsProcess() {
    holder = startHolder(ns, dir, "holder", GuardMode.KILL_JVM);
    assertHeld();
    try (AddressMonitor monitor = AddressMonitor.start(ns)) {
      long t0 = System.nanoTime();
      holder.jvm().kill9();
      await("address removed", WITHIN_LEASE, () -> !ns.hasAddress(holder.cidr()));
      await("sleep killed", WITHIN_LEASE, () -> !holder.sleepRunning());
      log.info("kill -9 -> address removed after {} ms", millisSince(t0, monitor.awaitDeleted(holder.cidr(), Duration.ZERO)));
    }
    await("guard exited", Duration.ofSeconds(5), () -> !holder.guardRunning());
  }

  @Test
  void aFrozenJvmLosesItsAddressAndProcessAndIsKilled() {
    holder = startHolder(ns, dir, "holder", GuardMode.KILL_JVM);
    assertHeld();
    try (AddressMonitor monitor = AddressMonitor.start(ns)) {
      long t0 = System.nanoTime();
      holder.jvm().pause();
      await("address removed", WITHIN_LEASE, () -> !ns.hasAddress(holder.cidr()));
      await("sleep killed", WITHIN_LEASE, () -> !holder.sleepRunning());
      await("the frozen JVM killed by its guard", WITHIN_LEASE, () -> !holder.jvm().isAlive());
      log.info("SIGSTOP -> address removed after {} ms (lease {} ms, renewed every {} ms)",
          millisSince(t0, monitor.awaitDeleted(holder.cidr(), Duration.ZERO)), LEASE_MS, RENEW_MS);
    }
    await("guard exited", Duration.ofSeconds(5), () -> !holder.guardRunning());
  }

  @Test
  void inReleaseOnlyModeAFrozenJvmSurvivesButItsResourcesDoNot() {
    holder = startHolder(ns, dir, "holder", GuardMode.RELEASE_ONLY);
    assertHeld();
    holder.jvm().pause();
    await("address removed", WITHIN_LEASE, () -> !ns.hasAddress(holder.cidr()));
    await("sleep killed", WITHIN_LEASE, () -> !holder.sleepRunning());
    await("guard exited", Duration.ofSeconds(5), () -> !holder.guardRunning());
    assertThat(holder.jvm().isAlive()).as("the JVM is left alone").isTrue();
    holder.jvm().resume();
    assertThat(holder.jvm().awaitLine(0, l -> l.startsWith("GUARD-LOST"), Duration.ofSeconds(10)))
        .as("the resumed JVM learns that its guard is gone").isPresent();
    assertThat(holder.jvm().isAlive()).isTrue();
    assertThat(ns.hasAddress(holder.cidr())).isFalse();
  }

  @Test
  void aCleanGoodbyeRemovesNothing() {
    holder = startHolder(ns, dir, "holder", GuardMode.KILL_JVM);
    assertHeld();
    holder.jvm().sendLine("BYE");
    assertThat(holder.jvm().awaitLine(0, "CLOSED"::equals, Duration.ofSeconds(10))).isPresent();
    await("guard exited", Duration.ofSeconds(5), () -> !holder.guardRunning());
    // well past the lease: still there
    Awaitility.await().during(Duration.ofMillis(LEASE_MS + 300)).atMost(Duration.ofMillis(LEASE_MS + 2_000))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ns.hasAddress(holder.cidr()) && holder.sleepRunning());
    assertThat(holder.jvm().isAlive()).isFalse(); // it exited by itself after BYE
  }
}
