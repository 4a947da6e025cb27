package io.ha4j;

import java.time.Duration;
import java.util.Objects;

/**
 * One operation of a primitive: {@code start}, {@code stop} or a recurring {@code monitor}.
 *
 * <p>A monitor's timeout may exceed its interval (the seed's 10 s interval with a 20 s timeout is
 * valid, as in Pacemaker). Values are checked by {@link ClusterConfig#validate()}, not here, so that
 * every problem of a configuration is reported at once.
 *
 * @param name the operation: {@code start}, {@code stop} or {@code monitor}
 * @param interval how often a monitor runs; {@link Duration#ZERO} for start/stop (and probes)
 * @param timeout how long one run may take before it counts as failed
 * @param onFail what to do when the operation fails
 */
public record Operation(String name, Duration interval, Duration timeout, OnFail onFail) {

  /** Default timeout of an operation that does not say (Pacemaker's default, 20 s). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** A recurring monitor with the default on-fail ({@link OnFail#RESTART}). */
  public static Operation monitor(Duration interval, Duration timeout) {
    return new Operation("monitor", interval, timeout, OnFail.RESTART);
  }

  /** A start operation with the given timeout. */
  public static Operation start(Duration timeout) {
    return new Operation("start", Duration.ZERO, timeout, OnFail.RESTART);
  }

  /** A stop operation with the given timeout (a failed stop needs fencing, as in Pacemaker). */
  public static Operation stop(Duration timeout) {
    return new Operation("stop", Duration.ZERO, timeout, OnFail.FENCE);
  }

  /** The key used in configuration paths, e.g. {@code monitor} or {@code monitor_10000}. */
  public String key() {
    if (interval == null || interval.isZero()) {
      return Objects.toString(name);
    }
    return name + "_" + interval.toMillis();
  }
}
