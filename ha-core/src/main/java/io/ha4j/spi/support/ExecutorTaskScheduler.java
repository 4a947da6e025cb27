package io.ha4j.spi.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskScheduler} on two daemon threads: one for periodic work (which may block on the
 * backend), one for listener callbacks (so a slow listener never delays a renewal).
 */
public final class ExecutorTaskScheduler implements TaskScheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExecutorTaskScheduler.class);

  private final ScheduledExecutorService timer;
  private final ExecutorService events;

  /** Threads named {@code <name>-timer} and {@code <name>-events}. */
  public ExecutorTaskScheduler(String name) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-timer"));
    events = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-events"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    var f =
        timer.scheduleWithFixedDelay(
            () -> guarded(task), initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    try {
      var f = timer.schedule(() -> guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public void execute(Runnable task) {
    try {
      events.execute(() -> guarded(task));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("dropped an event after close");
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      // a periodic task that throws would be cancelled silently: never let that happen
      log.warn("task failed; it keeps running", e);
    }
  }

  /** Stops both threads (waits up to 2 s for the running task). */
  @Override
  public void close() {
    timer.shutdownNow();
    events.shutdown();
    try {
      events.awaitTermination(2, TimeUnit.SECONDS);
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
