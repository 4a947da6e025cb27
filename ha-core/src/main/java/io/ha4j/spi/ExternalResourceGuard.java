package io.ha4j.spi;

import java.time.Duration;
import java.util.List;

/**
 * The hook between a node's runtime and the guard process that enforces its lease outside the JVM
 * (see "the guard" in DESIGN.md). The runtime calls it from its lease watchdog; the default ({@link
 * #NONE}) does nothing, which is right for clusters whose resources all live inside the JVM.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #extendLease(Duration)} is called after every confirmed session renewal with the time
 *       left until the node's own lease deadline. The guard must treat "that long from when it
 *       received the call" as its deadline: when the deadline passes without a further extension,
 *       or when the JVM dies, it removes every resource last announced by {@link #holding(List)}
 *       (and, by default, kills the JVM). It is never called once the node started self-fencing.
 *   <li>{@link #holding(List)} is called whenever the set of external resources held by this node
 *       changes (after a start succeeded, and before a stop is attempted it still lists the
 *       resource), with the complete current list.
 *   <li>{@link #release()} is called on a clean shutdown after every local resource was stopped:
 *       the guard may exit without touching anything.
 * </ul>
 *
 * <p>Implementations must be thread-safe and must not block (write to the guard's pipe and return).
 */
public interface ExternalResourceGuard {

  /** A guard that does nothing. */
  ExternalResourceGuard NONE = new ExternalResourceGuard() {
    @Override
    public void extendLease(Duration validFor) {}

    @Override
    public void holding(List<ExternalResource> resources) {}

    @Override
    public String toString() {
      return "ExternalResourceGuard.NONE";
    }
  };

  /** The lease is good for {@code validFor} from now. */
  void extendLease(Duration validFor);

  /** The complete list of external resources this node holds now. */
  void holding(List<ExternalResource> resources);

  /** Clean shutdown: everything is stopped; the guard may exit. */
  default void release() {}
}
