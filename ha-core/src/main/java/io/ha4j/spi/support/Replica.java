package io.ha4j.spi.support;

/**
 * How a {@link ReplicatedCoordinator} reaches the replicated {@link CoordinationState}: writes and
 * linearizable reads through the quorum, and the node's own local copy for change notifications.
 */
public interface Replica {

  /**
   * Commits a command through the quorum and returns its result.
   *
   * @throws io.ha4j.spi.CoordinatorException when no quorum answered in time (the command may still
   *     commit later)
   */
  CommandResult write(Command command);

  /**
   * Runs a read-only command linearizably (served by a confirmed leader).
   *
   * @throws io.ha4j.spi.CoordinatorException when no quorum answered in time
   */
  CommandResult read(Command command);

  /** This node's local copy of the state (it may lag the quorum); its listeners feed watches. */
  CoordinationState localState();
}
