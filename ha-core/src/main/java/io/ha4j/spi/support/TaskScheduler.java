package io.ha4j.spi.support;

import java.time.Duration;

/**
 * Where a coordinator runs its periodic work and its listener callbacks: real threads ({@link
 * ExecutorTaskScheduler}) or virtual time ({@link io.ha4j.spi.memory.ManualClock}).
 */
public interface TaskScheduler {

  /** A scheduled task; {@link #cancel()} is idempotent. */
  interface Cancellable {
    /** Stops future runs. */
    void cancel();
  }

  /** Runs {@code task} after {@code initialDelay}, then again {@code delay} after each run ends. */
  Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay);

  /** Runs {@code task} once after {@code delay} on the same thread as the periodic work. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Runs {@code task} soon, in submission order with other {@code execute} calls. */
  void execute(Runnable task);
}
