package io.ha4j.guard;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node stand-in in its own JVM for the namespace tests: starts a guard, then — holding before
 * acquiring — adds an address inside the test namespace and starts {@code sleep 600}, and renews
 * the guard's lease at a fixed rate. Arguments: netns device cidr mode(KILL_JVM|RELEASE_ONLY)
 * leaseMillis renewMillis guardLogFile.
 *
 * <p>Prints {@code GUARD <pid> <startMillis>}, {@code READY <sleepPid> <sleepStartTime>}, {@code GUARD-LOST
 * <reason>} (a renewal failed: the guard is gone) and {@code CLOSED} (after {@code BYE} on stdin).
 */
public final class GuardHolderMain {
  private GuardHolderMain() {}

  public static void main(String[] args) throws Exception {
    String netns = args[0];
    String device = args[1];
    String cidr = args[2];
    GuardMode mode = GuardMode.valueOf(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    long renewMillis = Long.parseLong(args[5]);
    long t0 = System.nanoTime();
    GuardClient guard = GuardClient.start(GuardOptions.defaults().withMode(mode).withStderrFile(Path.of(args[6])));
    System.out.println("GUARD " + guard.pid() + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    guard.lease(lease);

    HeldResource.Address address = HeldResource.address(device, cidr, netns);
    guard.hold(address); // before adding it: no moment where it exists unguarded
    TestNamespace.run("ip", "-n", netns, "addr", "add", cidr, "dev", device);
    Process sleep = new ProcessBuilder("sleep", "600").start();
    HeldResource.ProcessInstance process = HeldResource.process(sleep.pid());
    guard.hold(process);

    AtomicBoolean lost = new AtomicBoolean();
    ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "renewer");
      t.setDaemon(true);
      return t;
    });
    renewer.scheduleAtFixedRate(() -> {
      try {
        guard.lease(lease);
      } catch (GuardException e) {
        if (lost.compareAndSet(false, true)) {
          System.out.println("GUARD-LOST " + e.getMessage());
        }
      }
    }, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    System.out.println("READY " + process.pid() + " " + process.startTime());

    var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("BYE")) {
        renewer.shutdownNow();
        guard.close();
        System.out.println("CLOSED");
        System.out.flush();
        System.exit(0);
      }
    }
    // the test JVM is gone: exit without BYE, so that the guard cleans up
    System.exit(1);
  }
}
