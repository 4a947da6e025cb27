package io.ha4j.spi;

import java.util.Objects;

/**
 * One grant of leadership: who holds it and under which epoch.
 *
 * <p>The epoch is the fencing token: it is strictly greater than every epoch granted before it in
 * the same cluster, across crashes, restarts and leader changes. Everything a leader publishes
 * carries its epoch, and receivers refuse anything older than the newest epoch they have seen.
 *
 * @param nodeId the holder's node name
 * @param sessionId the holder's session; the grant ends at the latest when that session ends
 * @param epoch the fencing token, {@code >= 1}
 */
public record Leadership(String nodeId, long sessionId, long epoch) {

  /** Checks the fields. */
  public Leadership {
    Objects.requireNonNull(nodeId, "nodeId");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, was " + epoch);
    }
  }
}
