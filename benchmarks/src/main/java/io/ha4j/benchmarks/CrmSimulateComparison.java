package io.ha4j.benchmarks;

import io.ha4j.pacemaker.Cib;
import io.ha4j.pacemaker.CrmSimulateSummary;
import io.ha4j.pacemaker.CibSnapshot;
import io.ha4j.pacemaker.CibWriter;
import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The Java side of {@code benchmarks/scheduler-vs-crm_simulate.sh}: writes a synthetic cluster as a
 * CIB, times ha4j's scheduler on a CIB inside one JVM, and turns {@code crm_simulate}'s Transition
 * Summary into the corpus' normalized lines, so the script can compare both answers.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ha4j.benchmarks.CrmSimulateComparison write-cib 1000x32 42 cib.xml
 * java -cp benchmarks/target/benchmarks.jar io.ha4j.benchmarks.CrmSimulateComparison time-schedule cib.xml 20
 * java -cp benchmarks/target/benchmarks.jar io.ha4j.benchmarks.CrmSimulateComparison normalize crm_simulate.out
 * </pre>
 *
 * <p>Exit code 0 on success, 2 on a usage error, 1 on any other failure (message on stderr).
 */
public final class CrmSimulateComparison {

  private CrmSimulateComparison() {}

  /** Runs one sub-command; see the class comment. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    try {
      if (args.length == 4 && args[0].equals("write-cib")) {
        writeCib(args[1], Long.parseLong(args[2]), Path.of(args[3]), out);
      } else if ((args.length == 2 || args.length == 3) && args[0].equals("time-schedule")) {
        timeSchedule(Path.of(args[1]), args.length == 3 ? Integer.parseInt(args[2]) : 20, out);
      } else if (args.length == 2 && args[0].equals("normalize")) {
        CrmSimulateSummary.normalize(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8)).forEach(out::println);
      } else {
        System.err.println("usage: CrmSimulateComparison write-cib SIZE SEED FILE"
            + " | time-schedule CIB [REPEATS] | normalize CRM_SIMULATE_OUTPUT");
        System.exit(2);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("CrmSimulateComparison " + String.join(" ", args) + ": " + e);
      System.exit(1);
    }
    out.flush();
  }

  /** Writes the synthetic cluster of {@code size} and {@code seed} as a CIB with its fixed execution-date. */
  static void writeCib(String size, long seed, Path file, PrintStream out) throws IOException {
    SyntheticCluster cluster = SyntheticCluster.generate(size, seed);
    CibWriter.write(cluster.config(), cluster.state(), cluster.now(), file);
    out.printf(Locale.ROOT, "wrote %s: %s, seed %d, %d primitives, %d constraints, %d bytes%n", file, size, seed,
        cluster.config().primitives().size(), cluster.config().constraints().size(), Files.size(file));
  }

  /**
   * Reads the CIB, schedules it once cold and then {@code repeats} more times, and prints the times
   * as {@code key=value} lines: {@code read_ms}, {@code first_schedule_ms}, {@code median_schedule_ms},
   * {@code min_schedule_ms}, {@code median_schedule_cpu_ms} (this thread's CPU time: less disturbed
   * than wall time on a shared machine), {@code actions}.
   */
  static void timeSchedule(Path cib, int repeats, PrintStream out) {
    long t0 = System.nanoTime();
    CibSnapshot snapshot = Cib.read(cib);
    long t1 = System.nanoTime();
    Instant now = snapshot.executionTime().orElseGet(Instant::now);
    Transition first = Scheduler.schedule(snapshot.config(), snapshot.state(), now);
    long t2 = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] runs = new long[Math.max(1, repeats)];
    long[] cpu = new long[runs.length];
    for (int i = 0; i < runs.length; i++) {
      long c = threads.getCurrentThreadCpuTime();
      long s = System.nanoTime();
      Transition again = Scheduler.schedule(snapshot.config(), snapshot.state(), now);
      runs[i] = System.nanoTime() - s;
      cpu[i] = threads.getCurrentThreadCpuTime() - c;
      if (again.changes().size() != first.changes().size()) {
        throw new IllegalStateException("the scheduler answered differently on run " + (i + 2));
      }
    }
    Arrays.sort(runs);
    Arrays.sort(cpu);
    out.printf(Locale.ROOT, "read_ms=%.1f%n", (t1 - t0) / 1e6);
    out.printf(Locale.ROOT, "first_schedule_ms=%.1f%n", (t2 - t1) / 1e6);
    out.printf(Locale.ROOT, "median_schedule_ms=%.2f%n", runs[runs.length / 2] / 1e6);
    out.printf(Locale.ROOT, "min_schedule_ms=%.2f%n", runs[0] / 1e6);
    out.printf(Locale.ROOT, "median_schedule_cpu_ms=%.2f%n", cpu[cpu.length / 2] / 1e6);
    out.printf(Locale.ROOT, "repeats=%d%n", runs.length);
    out.printf(Locale.ROOT, "actions=%d%n", first.normalizedChanges().size());
  }
}
