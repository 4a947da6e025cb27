package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard's decision and release order, with recorded instead of real effects. */
class GuardTest {
  private final List<String> effects = new ArrayList<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final Guard guard = new Guard(new RecordingActions(), new GuardLog(new PrintStream(logBytes, true,
      StandardCharsets.UTF_8), 1), System::nanoTime);

  private final class RecordingActions implements SystemActions {
    @Override
    public OptionalLong startTimeOf(long pid) {
      return pid == 4242 ? OptionalLong.of(777) : OptionalLong.empty();
    }

    @Override
    public StepResult killJvm(long pid, long startTime) {
      return record("kill-jvm " + pid + " " + startTime);
    }

    @Override
    public StepResult deleteAddress(HeldResource.Address address) {
      return address.device().startsWith("fail") ? StepResult.failed("no") : record("del " + address.cidr());
    }

    @Override
    public StepResult killProcess(HeldResource.ProcessInstance process) {
      return record("kill " + process.pid());
    }

    @Override
    public StepResult stopUnit(HeldResource.Unit unit) {
      return record("stop " + unit.name());
    }

    private synchronized StepResult record(String effect) {
      effects.add(effect);
      return effect.contains("fail") ? StepResult.failed("no") : StepResult.done("ok");
    }
  }

  private String send(String line) {
    return guard.handle(GuardProtocol.parse(line));
  }

  private Guard.Outcome outcomeWithin(long millis) throws Exception {
    return awaitOutcomeAsync().get(millis, TimeUnit.MILLISECONDS);
  }

  private void holdSome() {
    assertThat(send("HOLD UNIT web.service")).isEqualTo("OK");
    assertThat(send("HOLD PID 900 5")).isEqualTo("OK");
    assertThat(send("HOLD ADDR eth0 192.0.2.10/24")).isEqualTo("OK");
    assertThat(send("HOLD ADDR eth0 192.0.2.11/24")).isEqualTo("OK");
    assertThat(send("JVM 4242")).isEqualTo("OK");
  }

  @Test
  void aClosedPipeKillsTheJvmFirstThenRemovesAddressesProcessesAndUnits() throws Exception {
    holdSome();
    guard.pipeClosed();
    assertThat(outcomeWithin(1_000)).isEqualTo(Guard.Outcome.PIPE_CLOSED);
    assertThat(guard.enforce()).isTrue();
    assertThat(effects).containsExactly(
        "kill-jvm 4242 777", "del 192.0.2.10/24", "del 192.0.2.11/24", "kill 900", "stop web.service");
  }

  @Test
  void anExpiredLeaseReleasesEverything() throws Exception {
    holdSome();
    long t0 = System.nanoTime();
    assertThat(send("LEASE 80")).isEqualTo("OK");
    assertThat(outcomeWithin(2_000)).isEqualTo(Guard.Outcome.LEASE_EXPIRED);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
    assertThat(guard.enforce()).isTrue();
    assertThat(effects).hasSize(5);
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("lease expired");
  }

  @Test
  void extensionsPostponeTheDeadlineOnTheMonotonicClock() throws Exception {
    AtomicLong clock = new AtomicLong();
    Guard timed = new Guard(new RecordingActions(), new GuardLog(new PrintStream(logBytes, true,
        StandardCharsets.UTF_8), 1), clock::get);
    CompletableFuture<Guard.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return timed.awaitOutcome();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    timed.handle(GuardProtocol.parse("HOLD UNIT web.service"));
    timed.handle(new GuardCommand.Lease(200));      // deadline 200 ms
    clock.set(ms(150));
    timed.handle(new GuardCommand.Lease(200));      // deadline 350 ms
    clock.set(ms(300));                             // past the first deadline, before the second
    assertThatThrownBy(() -> outcome.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(timed.outcome()).isNull();
    clock.set(ms(350));
    assertThat(outcome.get(2, TimeUnit.SECONDS)).isEqualTo(Guard.Outcome.LEASE_EXPIRED);
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("last LEASE 200.0 ms ago, deadline passed 0.0 ms ago");
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private CompletableFuture<Guard.Outcome> awaitOutcomeAsync() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return guard.awaitOutcome();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void byeReleasesNothing() throws Exception {
    holdSome();
    send("LEASE 50");
    assertThat(send("BYE")).isEqualTo("OK");
    assertThat(outcomeWithin(1_000)).isEqualTo(Guard.Outcome.BYE);
    assertThatThrownBy(guard::enforce).isInstanceOf(IllegalStateException.class);
    assertThat(effects).isEmpty();
  }

  @Test
  void releaseOnlyLeavesTheJvmAlone() throws Exception {
    holdSome();
    send("MODE release-only");
    guard.pipeClosed();
    outcomeWithin(1_000);
    guard.enforce();
    assertThat(effects).doesNotContain("kill-jvm 4242 777").hasSize(4);
  }

  @Test
  void aReleasedResourceIsNotTouched() throws Exception {
    holdSome();
    assertThat(send("RELEASE ADDR eth0 192.0.2.10/24")).isEqualTo("OK");
    assertThat(send("RELEASE PID 900 5")).isEqualTo("OK");
    assertThat(send("RELEASE UNIT never-held.service")).isEqualTo("OK");
    guard.pipeClosed();
    outcomeWithin(1_000);
    guard.enforce();
    assertThat(effects).containsExactly("kill-jvm 4242 777", "del 192.0.2.11/24", "stop web.service");
  }

  @Test
  void aFailedStepIsReportedAndTheRestStillRuns() throws Exception {
    send("HOLD ADDR fail0 192.0.2.10/24");
    send("HOLD UNIT web.service");
    guard.pipeClosed();
    outcomeWithin(1_000);
    assertThat(guard.enforce()).isFalse();
    assertThat(effects).containsExactly("stop web.service");
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("FAILED").contains("no JVM to kill");
  }

  @Test
  void aLapsedLeaseWithNothingHeldDisarmsInsteadOfKilling() throws Exception {
    AtomicLong clock = new AtomicLong();
    Guard timed = new Guard(new RecordingActions(), new GuardLog(new PrintStream(logBytes, true,
        StandardCharsets.UTF_8), 1), clock::get);
    CompletableFuture<Guard.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return timed.awaitOutcome();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    timed.handle(GuardProtocol.parse("JVM 4242"));
    timed.handle(new GuardCommand.Lease(100));
    clock.set(ms(500)); // long past the deadline, nothing held
    await().atMost(Duration.ofSeconds(5))
        .until(() -> logBytes.toString(StandardCharsets.UTF_8).contains("lapsed with nothing held"));
    assertThat(timed.outcome()).isNull();
    // holding again and leasing again arms it again
    timed.handle(GuardProtocol.parse("HOLD UNIT web.service"));
    timed.handle(new GuardCommand.Lease(100));
    clock.set(ms(600));
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(Guard.Outcome.LEASE_EXPIRED);
    assertThat(timed.enforce()).isTrue();
    assertThat(effects).containsExactly("kill-jvm 4242 777", "stop web.service");
  }

  @Test
  void aClosedPipeWithNothingHeldKillsNothing() throws Exception {
    send("JVM 4242");
    guard.pipeClosed();
    outcomeWithin(1_000);
    assertThat(guard.enforce()).isTrue();
    assertThat(effects).isEmpty();
  }

  @Test
  void theDecisionIsFinal() throws Exception {
    send("HOLD UNIT web.service");
    send("LEASE 20");
    assertThat(outcomeWithin(1_000)).isEqualTo(Guard.Outcome.LEASE_EXPIRED);
    assertThat(send("LEASE 60000")).startsWith("ERR");
    assertThat(send("BYE")).startsWith("ERR");
    guard.pipeClosed();
    assertThat(guard.outcome()).isEqualTo(Guard.Outcome.LEASE_EXPIRED);
  }

  @Test
  void aJvmThatDoesNotExistIsRefused() {
    assertThat(send("JVM 99")).startsWith("ERR no process");
  }

  @Test
  void holdsAreBounded() {
    for (int i = 0; i < Guard.MAX_HELD; i++) {
      assertThat(send("HOLD PID " + (1000 + i) + " 1")).isEqualTo("OK");
    }
    assertThat(send("HOLD PID 99999 1")).startsWith("ERR too many");
    assertThat(send("HOLD PID 1000 1")).isEqualTo("OK"); // already held
  }

  @Test
  void millisecondsPrintWithOneDecimal() {
    assertThat(Guard.millis(12_345_678)).isEqualTo("12.3");
    assertThat(Guard.millis(-1_500_000)).isEqualTo("-1.5");
    assertThat(Guard.millis(0)).isEqualTo("0.0");
  }
}
