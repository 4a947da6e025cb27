package io.ha4j.pacemaker;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import java.time.Instant;
import java.util.Optional;

/**
 * A Pacemaker CIB read into ha4j's model: its configuration, its status section as a cluster state,
 * and the CIB's own notion of "now" ({@code execution-date}), if it has one.
 *
 * @param config the configuration section (Pacemaker's defaults apply to what it leaves out)
 * @param state the status section: quorum, node states, resource states and fail counts
 * @param executionDate the {@code execution-date} attribute of {@code <cib>}, or {@code null}
 */
public record CibSnapshot(ClusterConfig config, ClusterState state, Instant executionDate) {

  /** The CIB's {@code execution-date}, if set. */
  public Optional<Instant> executionTime() {
    return Optional.ofNullable(executionDate);
  }
}
