package io.ha4j.runtime;

import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners in order on one (serial) executor, never on the publisher's thread path. */
final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private final List<Ha4jListener> listeners = new CopyOnWriteArrayList<>();
  private final Executor executor;

  EventBus(Executor serialExecutor) {
    this.executor = serialExecutor;
  }

  void add(Ha4jListener l) {
    listeners.add(l);
  }

  void remove(Ha4jListener l) {
    listeners.remove(l);
  }

  void publish(Ha4jEvent e) {
    log.debug("event {}", e);
    if (listeners.isEmpty()) {
      return;
    }
    try {
      executor.execute(() -> {
        for (Ha4jListener l : listeners) {
          try {
            l.onEvent(e);
          } catch (RuntimeException ex) {
            log.warn("listener {} failed on {}", l, e, ex);
          }
        }
      });
    } catch (RuntimeException ex) {
      log.debug("event dropped after close: {}", e);
    }
  }
}
