package io.ha4j.scheduler;

/** An edge "first then then" of a run's action graph, with Pacemaker's ordering flags. */
final class Ordering {
  static final int NONE = 0;
  static final int OPTIONAL = 1;
  static final int IMPLIES_THEN = 1 << 1;
  static final int IMPLIES_FIRST = 1 << 2;
  static final int RUNNABLE_LEFT = 1 << 3;
  static final int RESTART = 1 << 4;
  static final int ASYMMETRICAL = 1 << 5;

  final Action first;
  final Action then;
  final int flags;

  Ordering(Action first, Action then, int flags) {
    this.first = first;
    this.then = then;
    this.flags = flags;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
