package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.ha4j.testkit.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers in ha-guard/README.md: for {@code rounds} node stand-ins each, the time from {@code
 * kill -9} and from SIGSTOP of the JVM to the removal of its address (seen by {@code ip monitor}),
 * and the guard's start-up time and resident memory. Not part of the build; run it with
 *
 * <pre>
 * ./mvnw -B -pl ha-guard -am test -Dtest=GuardLatencyMeasurementTest -Dsurefire.failIfNoSpecifiedTests=false -Dha4j.guard.measure=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "ha4j.guard.measure", matches = "true")
class GuardLatencyMeasurementTest {
  private static final Pattern REMOVE_STEP = Pattern.compile("\\+([0-9.]+) ms remove ADDR");

  @TempDir Path dir;

  @Test
  void measure() throws IOException {
    assumeThat(TestNamespace.unavailableReason()).isEmpty();
    int rounds = Integer.getInteger("ha4j.guard.rounds", 10);
    List<Long> kill9 = new ArrayList<>();
    List<Long> stop = new ArrayList<>();
    List<Double> kill9Guard = new ArrayList<>();
    List<Double> stopGuard = new ArrayList<>();
    List<Long> startMillis = new ArrayList<>();
    List<Long> rssKb = new ArrayList<>();
    try (TestNamespace ns = TestNamespace.create(); AddressMonitor monitor = AddressMonitor.start(ns)) {
      for (int i = 0; i < 2 * rounds; i++) {
        boolean freeze = i % 2 == 1;
        String name = (freeze ? "stop-" : "kill-") + i;
        GuardNetnsTest.Holder h = GuardNetnsTest.startHolder(ns, dir, name, GuardMode.KILL_JVM);
        try (ForkedJvm jvm = h.jvm()) {
          startMillis.add(Long.parseLong(jvm.lines().stream().filter(l -> l.startsWith("GUARD ")).findFirst()
              .orElseThrow().split(" ")[2]));
          rssKb.add(rssKb(h.guardPid()));
          // let a few renewals pass; a random offset so that the signal does not always land
          // at the same point of the renewal period
          jvm.awaitLine(0, l -> false, Duration.ofMillis(
              2 * GuardNetnsTest.RENEW_MS + ThreadLocalRandom.current().nextLong(GuardNetnsTest.RENEW_MS)));
          long t0 = System.nanoTime();
          if (freeze) {
            jvm.pause();
          } else {
            jvm.kill9();
          }
          OptionalLong gone = monitor.awaitDeleted(h.cidr(), Duration.ofSeconds(10));
          assertThat(gone).as(name + " address removed; " + GuardNetnsTest.logs(dir, name)).isPresent();
          (freeze ? stop : kill9).add(TimeUnit.NANOSECONDS.toMillis(gone.getAsLong() - t0));
          Path guardLog = dir.resolve(name + "-guard.err");
          await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(guardLog).contains("enforcement "));
          String text = Files.readString(guardLog);
          Matcher m = REMOVE_STEP.matcher(text);
          assertThat(m.find()).as(text).isTrue();
          (freeze ? stopGuard : kill9Guard).add(Double.parseDouble(m.group(1)));
        } finally {
          if (ProcStat.isRunning(h.sleepPid(), h.sleepStart())) {
            ProcessHandle.of(h.sleepPid()).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
    }
    System.out.println();
    System.out.println("kill -9 -> address removed (ms): " + summary(kill9));
    System.out.println("  of which the guard's own work, from EOF to 'ip addr del' done (ms): " + summaryD(kill9Guard));
    System.out.println("SIGSTOP -> address removed (ms), lease " + GuardNetnsTest.LEASE_MS + " renewed every "
        + GuardNetnsTest.RENEW_MS + ": " + summary(stop));
    System.out.println("  of which the guard's own work, from the deadline to 'ip addr del' done (ms): " + summaryD(stopGuard));
    System.out.println("guard start-up, GuardClient.start until ready and configured (ms): " + summary(startMillis));
    System.out.println("guard RSS after start (kB): " + summary(rssKb));
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static String summary(List<Long> values) {
    List<Long> v = new ArrayList<>(values);
    Collections.sort(v);
    return "n=" + v.size() + " min=" + v.get(0) + " p50=" + v.get(v.size() / 2) + " p90=" + v.get((int) (v.size() * 0.9))
        + " max=" + v.get(v.size() - 1) + " all=" + values;
  }

  private static String summaryD(List<Double> values) {
    if (values.isEmpty()) {
      return "n=0";
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    return "n=" + v.size() + " min=" + v.get(0) + " p50=" + v.get(v.size() / 2) + " max=" + v.get(v.size() - 1);
  }
}
