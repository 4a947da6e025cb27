package io.ha4j.scheduler;

/** The kind of a {@link Change}, as Pacemaker's Transition Summary names it. */
public enum ChangeType {
  /** A stopped resource starts. */
  START,
  /** A running resource stops. */
  STOP,
  /** A healthy resource is stopped on one node and started on another. */
  MOVE,
  /** A failed resource is stopped and started again, in place or on another node. */
  RECOVER,
  /** A healthy resource is stopped and started in place (e.g. because something it needs restarts). */
  RESTART,
  /** A node is fenced. */
  FENCE
}
