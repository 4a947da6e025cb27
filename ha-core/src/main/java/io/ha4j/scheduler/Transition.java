package io.ha4j.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one scheduling run: where every primitive should run, the actions that get it there
 * and their ordering, a Pacemaker-style summary, and the allocation scores behind the placement.
 *
 * <p>{@link #actions()} holds only actions that must and can run; it is listed in an order that
 * respects {@link #orderings()}, so running it front to back is always valid. Immutable.
 *
 * @param placement each primitive's node after the transition; a primitive missing here is stopped
 * @param actions actions to run, in a valid order
 * @param orderings "before → after" edges between actions
 * @param changes the summary, one line per changed resource (blocked ones included, flagged)
 * @param scores allocation scores: resource id → node → score, for {@code explain} and {@code --scores}
 */
public record Transition(
    Map<String, String> placement,
    List<PlannedAction> actions,
    List<ActionOrdering> orderings,
    List<Change> changes,
    Map<String, Map<String, Integer>> scores) {

  /** Copies everything. */
  public Transition {
    placement = Collections.unmodifiableMap(new LinkedHashMap<>(placement));
    actions = List.copyOf(actions);
    orderings = List.copyOf(orderings);
    changes = List.copyOf(changes);
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  /** Where the primitive runs after this transition, if anywhere. */
  public Optional<String> nodeOf(String primitive) {
    return Optional.ofNullable(placement.get(primitive));
  }

  /** The summary in the corpus' normalized form, blocked changes left out, sorted. */
  public List<String> normalizedChanges() {
    List<String> out = new ArrayList<>();
    for (Change c : changes) {
      if (!c.blocked()) {
        out.add(c.normalized());
      }
    }
    Collections.sort(out);
    return out;
  }
}
