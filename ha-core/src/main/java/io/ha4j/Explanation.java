package io.ha4j;

import java.util.Map;
import java.util.Optional;

/**
 * Why a resource runs where it does: the allocation score of each node (stickiness, constraints,
 * fail counts, colocations all folded in, as Pacemaker computes them) and the node chosen.
 *
 * @param resource the resource
 * @param scores node → allocation score ({@link Score#format} prints it); {@code -INFINITY} means
 *     "can never run there"
 * @param placedOn the node the scheduler places it on, or {@code null} when it stays stopped
 */
public record Explanation(String resource, Map<String, Integer> scores, String placedOn) {

  /** Copies the map. */
  public Explanation {
    scores = Map.copyOf(scores);
  }

  /** The chosen node, if any. */
  public Optional<String> node() {
    return Optional.ofNullable(placedOn);
  }
}
