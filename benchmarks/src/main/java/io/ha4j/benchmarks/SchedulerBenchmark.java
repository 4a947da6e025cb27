package io.ha4j.benchmarks;

import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full schedule ({@link Scheduler#schedule}: assignment, actions, orderings, summary, scores) of
 * a {@link SyntheticCluster}, in milliseconds per call. The cluster is built once per trial and is
 * not part of the measured time.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q -DskipTests package -pl benchmarks -am}:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SchedulerBenchmark
 * java -jar benchmarks/target/benchmarks.jar SchedulerBenchmark -p size=100x3,1000x32,10000x100
 * </pre>
 *
 * <p>The sizes separate the two kinds of growth: 1,000 → 3,000 → 10,000 resources on 32 nodes, and
 * 10,000 resources on 32 → 100 nodes. Five warm-up iterations, because one 2 s iteration of the
 * largest size holds only a few calls and the JIT needs more of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SchedulerBenchmark {

  /** The cluster size, {@code RESOURCESxNODES}. */
  @Param({"100x3", "1000x32", "3000x32", "10000x32", "10000x100"})
  public String size;

  /** The generator's seed. */
  @Param("42")
  public long seed;

  private SyntheticCluster cluster;

  /** Used by JMH. */
  public SchedulerBenchmark() {}

  /** Builds the cluster of this trial. */
  @Setup
  public void generate() {
    cluster = SyntheticCluster.generate(size, seed);
  }

  /** One full schedule; the transition is returned so that JMH consumes it. */
  @Benchmark
  public Transition schedule() {
    return Scheduler.schedule(cluster.config(), cluster.state(), cluster.now());
  }
}
