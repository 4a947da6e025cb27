package io.ha4j;

/**
 * What a node does when self-fencing cannot stop its resources in time: by default it halts the JVM
 * ({@link Runtime#halt(int)}, no shutdown hooks), so that nothing it runs can outlive its lease.
 * Tests inject their own to observe it.
 */
@FunctionalInterface
public interface Halt {

  /** Halts the JVM with exit status 137 after logging why. */
  static Halt jvm() {
    return reason -> {
      org.slf4j.LoggerFactory.getLogger(Halt.class).error("halting the JVM: {}", reason);
      Runtime.getRuntime().halt(137);
    };
  }

  /** Stops everything this node runs, now; {@code reason} says why. */
  void halt(String reason);
}
