package io.ha4j.runtime;

import io.ha4j.spi.support.TaskScheduler;

/** The default threads of a node: one for the engine, one for the lease watchdog. Internal. */
public final class SerialSchedulers implements AutoCloseable {
  private final SerialScheduler engine;
  private final SerialScheduler watchdog;

  /** Threads {@code ha4j-<node>-engine} and {@code ha4j-<node>-watchdog}. */
  public SerialSchedulers(String nodeId) {
    engine = new SerialScheduler("ha4j-" + nodeId + "-engine");
    watchdog = new SerialScheduler("ha4j-" + nodeId + "-watchdog");
  }

  /** The engine's scheduler. */
  public TaskScheduler engine() {
    return engine;
  }

  /** The watchdog's scheduler. */
  public TaskScheduler watchdog() {
    return watchdog;
  }

  @Override
  public void close() {
    engine.close();
    watchdog.close();
  }
}
