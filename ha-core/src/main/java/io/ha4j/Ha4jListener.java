package io.ha4j;

/**
 * Receives a node's {@link Ha4jEvent}s, one at a time and in order, on the node's event executor.
 * Advisory only (see {@link Ha4jEvent}). An exception thrown here is logged and otherwise ignored; a
 * slow listener delays later events but never the node's own work.
 */
@FunctionalInterface
public interface Ha4jListener {

  /** Called for every event. */
  void onEvent(Ha4jEvent event);
}
