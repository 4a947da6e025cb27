package io.ha4j.spi.memory;

import io.ha4j.spi.Ha4jClock;
import io.ha4j.spi.support.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A virtual clock that only moves when a test calls {@link #advance}, and a deterministic scheduler
 * on that clock: tasks run on the thread that advances the clock, in time order (ties in submission
 * order). Nothing sleeps and nothing runs in the background, so a failover scenario replays the same
 * way every time.
 *
 * <p>Starts at a non-zero monotonic reading and at wall time 2026-01-01T00:00:00Z. Thread-safe, but
 * meant to be driven from one test thread.
 */
public final class ManualClock implements Ha4jClock, TaskScheduler {

  private static final long MAX_TASKS_PER_ADVANCE = 10_000_000L;

  private static final class Task implements Cancellable {
    final Runnable runnable;
    final long periodNanos;
    final long seq;
    long dueNanos;
    volatile boolean cancelled;

    Task(Runnable runnable, long dueNanos, long periodNanos, long seq) {
      this.runnable = runnable;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.seq = seq;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final Instant wallStart;
  private final long startNanos = 1_000_000_000L;
  private volatile long nanos = startNanos;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
  private final ArrayDeque<Runnable> immediate = new ArrayDeque<>();
  private long seq;

  /** A clock at wall time 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock at the given wall time. */
  public ManualClock(Instant wallStart) {
    this.wallStart = Objects.requireNonNull(wallStart, "wallStart");
  }

  @Override
  public long monotonicNanos() {
    return nanos;
  }

  @Override
  public Instant wallTime() {
    return wallStart.plusNanos(nanos - startNanos);
  }

  /**
   * Moves time forward by {@code duration}, running every task that falls due on the way (at its due
   * time) and every task submitted with {@link #execute}.
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + duration);
    }
    long target = nanos + duration.toNanos();
    for (long n = 0; ; n++) {
      if (n > MAX_TASKS_PER_ADVANCE) {
        throw new IllegalStateException("more than " + MAX_TASKS_PER_ADVANCE + " tasks in one advance");
      }
      if (runOneImmediate()) {
        continue;
      }
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.dueNanos - target > 0) {
          break;
        }
        queue.poll();
        if (t.dueNanos - nanos > 0) {
          nanos = t.dueNanos;
        }
      }
      if (t.cancelled) {
        continue;
      }
      try {
        t.runnable.run();
      } finally {
        if (t.periodNanos > 0 && !t.cancelled) {
          synchronized (this) {
            t.dueNanos = nanos + t.periodNanos;
            queue.add(t);
          }
        }
      }
    }
    nanos = target;
    runPending();
  }

  /** Runs every task submitted with {@link #execute} and every task due now, without moving time. */
  public void runPending() {
    advanceZeroGuard();
  }

  private void advanceZeroGuard() {
    for (long n = 0; n < MAX_TASKS_PER_ADVANCE; n++) {
      if (runOneImmediate()) {
        continue;
      }
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.dueNanos - nanos > 0) {
          return;
        }
        queue.poll();
      }
      if (!t.cancelled) {
        try {
          t.runnable.run();
        } finally {
          if (t.periodNanos > 0 && !t.cancelled) {
            synchronized (this) {
              t.dueNanos = nanos + t.periodNanos;
              queue.add(t);
            }
          }
        }
      }
    }
    throw new IllegalStateException("more than " + MAX_TASKS_PER_ADVANCE + " pending tasks");
  }

  private boolean runOneImmediate() {
    Runnable r;
    synchronized (this) {
      r = immediate.poll();
    }
    if (r == null) {
      return false;
    }
    r.run();
    return true;
  }

  @Override
  public synchronized Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("delay must be > 0, was " + delay);
    }
    Task t = new Task(task, nanos + initialDelay.toNanos(), delay.toNanos(), seq++);
    queue.add(t);
    return t;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(task, nanos + delay.toNanos(), 0, seq++);
    queue.add(t);
    return t;
  }

  @Override
  public synchronized void execute(Runnable task) {
    immediate.add(Objects.requireNonNull(task, "task"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + wallTime() + "]";
  }
}
