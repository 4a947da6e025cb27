package io.ha4j.spi;

import java.util.Objects;

/**
 * A live member of the cluster as the coordinator sees it: one node's session.
 *
 * <p>A node that restarts opens a new session, so for a short while (until the old session's lease
 * runs out) the same {@code nodeId} may be listed twice with different {@code sessionId}s.
 *
 * @param nodeId the node's name, unique in the cluster
 * @param witness the node votes (counts for quorum) but never runs resources and never becomes the
 *     ha4j leader
 * @param sessionId the session's id, unique for the lifetime of the cluster and never reused
 */
public record Member(String nodeId, boolean witness, long sessionId) {

  /** Checks the fields. */
  public Member {
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
