package io.ha4j.spi;

import java.time.Instant;

/**
 * The only source of time in ha4j's coordination and runtime code: injected everywhere so that tests
 * run on virtual time (see {@link io.ha4j.spi.memory.ManualClock}).
 *
 * <p>Two faces, never mixed: {@link #monotonicNanos()} for every deadline, lease and timeout (only
 * meaningful compared with another reading of the same clock in the same process), and {@link
 * #wallTime()} for display and logs only, never compared across nodes.
 *
 * <p>Implementations are thread-safe.
 */
public interface Ha4jClock {

  /** A monotonic reading in nanoseconds; only differences between two readings mean anything. */
  long monotonicNanos();

  /** The wall-clock time, for timestamps shown to people; never used for deadlines. */
  Instant wallTime();

  /** The system clock: {@link System#nanoTime()} and {@link Instant#now()}. */
  static Ha4jClock system() {
    return SystemClock.INSTANCE;
  }
}

/** The process's own clocks. */
enum SystemClock implements Ha4jClock {
  INSTANCE;

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }

  @Override
  public Instant wallTime() {
    return Instant.now();
  }

  @Override
  public String toString() {
    return "Ha4jClock.system()";
  }
}
