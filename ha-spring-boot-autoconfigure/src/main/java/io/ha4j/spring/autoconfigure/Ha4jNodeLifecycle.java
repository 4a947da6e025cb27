package io.ha4j.spring.autoconfigure;

import io.ha4j.Ha4jNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the node once the application context is refreshed (every singleton exists, so managed
 * beans can be started) and closes it first on shutdown: the node announces that it leaves (the
 * cluster places nothing more here), stops its resources newest first, reports them stopped so
 * that other nodes take them over, resigns leadership and leaves — before the web server and the
 * other beans stop.
 */
public final class Ha4jNodeLifecycle implements SmartLifecycle {

  /** The phase: late start, early stop (web servers stop at lower phases, after this). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

  private static final Logger log = LoggerFactory.getLogger(Ha4jNodeLifecycle.class);

  private final Ha4jNode node;
  private volatile boolean running;

  /** Manages {@code node}. */
  public Ha4jNodeLifecycle(Ha4jNode node) {
    this.node = node;
  }

  @Override
  public void start() {
    node.start();
    running = true;
    log.info("ha4j node {} joined the cluster ({})", node.nodeId(), node.timing());
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    long t0 = System.nanoTime();
    node.close();
    log.info("ha4j node {} left the cluster in {} ms (resources stopped here and handed over)",
        node.nodeId(), (System.nanoTime() - t0) / 1_000_000);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
