package io.ha4j.benchmarks;

import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * A cross-check of {@link SchedulerBenchmark} for shared machines: the CPU time of the scheduling
 * thread per full schedule, which other processes competing for the cores disturb far less than the
 * wall time JMH measures. Per size: warm up for {@code warmupSeconds}, then time {@code runs}
 * schedules one by one and print the median and the minimum.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ha4j.benchmarks.SchedulerCpuTime 10 30 100x3 1000x32 10000x100
 * </pre>
 */
public final class SchedulerCpuTime {

  private SchedulerCpuTime() {}

  /** Arguments: warm-up seconds, runs, then sizes ({@code RESOURCESxNODES}); seed {@link SyntheticCluster#DEFAULT_SEED}. */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: SchedulerCpuTime WARMUP_SECONDS RUNS SIZE...");
      System.exit(2);
    }
    long warmupNanos = Long.parseLong(args[0]) * 1_000_000_000L;
    int runs = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.printf(Locale.ROOT, "%-12s %8s %14s %14s %14s%n", "size", "runs", "cpu median ms", "cpu min ms",
        "wall median ms");
    for (int a = 2; a < args.length; a++) {
      SyntheticCluster c = SyntheticCluster.generate(args[a], SyntheticCluster.DEFAULT_SEED);
      long sink = 0;
      long end = System.nanoTime() + warmupNanos;
      while (System.nanoTime() < end) {
        sink += Scheduler.schedule(c.config(), c.state(), c.now()).changes().size();
      }
      long[] cpu = new long[runs];
      long[] wall = new long[runs];
      for (int i = 0; i < runs; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        Transition t = Scheduler.schedule(c.config(), c.state(), c.now());
        wall[i] = System.nanoTime() - w0;
        cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        sink += t.changes().size();
      }
      Arrays.sort(cpu);
      Arrays.sort(wall);
      out.printf(Locale.ROOT, "%-12s %8d %14.3f %14.3f %14.3f%n", args[a], runs, cpu[runs / 2] / 1e6, cpu[0] / 1e6,
          wall[runs / 2] / 1e6);
      if (sink == 42) {
        out.println(); // keeps the results alive
      }
    }
  }
}
