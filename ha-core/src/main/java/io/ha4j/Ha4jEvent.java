package io.ha4j;

import java.time.Instant;

/**
 * Something a node observed or did. Events are delivered to {@link Ha4jListener}s in the order they
 * happened on that node, on a dedicated executor (never on the thread that caused them). They are
 * <b>advisory</b>: a listener may be called late; {@link Ha4jNode#isLeader()}, {@link
 * Ha4jNode#currentLeader()}, {@link Ha4jNode#epoch()} and {@link Ha4jNode#status()} are the truth.
 *
 * <p>Every event carries the epoch under which it happened and the node's wall-clock time (for
 * display only).
 */
public sealed interface Ha4jEvent {

  /** The epoch (fencing token) in force when this happened. */
  long epoch();

  /** When it happened, on the reporting node's wall clock (display only). */
  Instant at();

  /** This node became the controller (leader). */
  record LeadershipGained(String node, long epoch, Instant at) implements Ha4jEvent {}

  /** This node stopped being the controller. */
  record LeadershipLost(String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A node's session appeared. */
  record NodeJoined(String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A node's session ended. */
  record NodeLost(String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A start of a resource on this node begins. */
  record ResourceStarting(String resource, String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A resource started on this node. */
  record ResourceStarted(String resource, String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A stop of a resource on this node begins. */
  record ResourceStopping(String resource, String node, long epoch, Instant at) implements Ha4jEvent {}

  /** A resource stopped on this node. */
  record ResourceStopped(String resource, String node, long epoch, Instant at) implements Ha4jEvent {}

  /**
   * An operation of a resource failed on this node.
   *
   * @param operation {@code start}, {@code stop}, {@code monitor} or {@code probe}
   * @param message the agent's reason, or {@code timed out}
   */
  record ResourceFailed(String resource, String node, String operation, String message, long epoch, Instant at)
      implements Ha4jEvent {}

  /**
   * The controller treats a lost node as fenced: its lease ran out ({@code how = lease}) or a
   * fencing agent confirmed it off ({@code how = <agent name>}).
   */
  record NodeFenced(String node, String how, long epoch, Instant at) implements Ha4jEvent {}

  /** This node lost its session's lease and is stopping every local resource (self-fencing). */
  record SelfFencing(String node, String reason, long epoch, Instant at) implements Ha4jEvent {}
}
