package io.ha4j.spi;

/**
 * Advisory notifications from a {@link Coordinator}. Every method has an empty default.
 *
 * <p>Events are <b>never the source of truth</b>: a listener may be called late, and a process that
 * is paused may not be called at all before its leadership has ended. Code that acts as leader must
 * check {@link Coordinator#isLeader()} (or the {@link Coordinator#leadership()} epoch) right before
 * acting. Listeners are called one at a time, in order, on a thread owned by the coordinator (with the
 * in-memory ensemble: on the thread that advances the clock); they must not block for long. An
 * exception thrown by a listener is logged and otherwise ignored.
 */
public interface CoordinatorListener {

  /** This node became leader under {@code leadership.epoch()}. */
  default void leadershipGained(Leadership leadership) {}

  /**
   * This node stopped being leader for the given grant: it was told so, its session ended, or its
   * local deadline passed without confirmation. Called once for each {@code leadershipGained}; with
   * ZooKeeper a grant whose session survived a short disconnection can be gained again, with the same
   * epoch (nobody else can have held it in between).
   */
  default void leadershipLost(Leadership leadership) {}

  /** A member's session appeared. */
  default void memberJoined(Member member) {}

  /** A member's session ended (closed, expired, or replaced). */
  default void memberLost(Member member) {}

  /** This node gained ({@code true}) or lost ({@code false}) contact with a quorum. */
  default void quorumChanged(boolean hasQuorum) {}
}
