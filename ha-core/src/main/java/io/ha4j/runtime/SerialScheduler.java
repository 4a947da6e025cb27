package io.ha4j.runtime;

import io.ha4j.spi.support.TaskScheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link TaskScheduler} on one daemon thread: every task, delayed or not, runs on it, in order. */
final class SerialScheduler implements TaskScheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SerialScheduler.class);
  private final ScheduledExecutorService exec;

  SerialScheduler(String name) {
    exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.warn("task failed", e);
      }
    };
  }

  @Override
  public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    try {
      var f = exec.scheduleWithFixedDelay(guarded(task), initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    try {
      var f = exec.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public void execute(Runnable task) {
    try {
      exec.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      log.debug("dropped a task after close");
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
