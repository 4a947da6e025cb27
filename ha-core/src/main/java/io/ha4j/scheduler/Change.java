package io.ha4j.scheduler;

import java.util.Objects;

/**
 * One line of a transition's summary: what happens to a resource (or a node, for fencing), the way
 * Pacemaker's {@code crm_simulate} prints it.
 *
 * @param type what happens
 * @param resource the primitive, or {@code null} for {@link ChangeType#FENCE}
 * @param from the node it runs on now ({@code null} for a start); the fenced node for FENCE
 * @param to the node it runs on next ({@code null} for a stop, or when it stays on {@code from})
 * @param reason why, when the scheduler knows (e.g. {@code node availability}); may be {@code null}
 * @param blocked the change is planned but cannot happen (e.g. a start without quorum)
 */
public record Change(ChangeType type, String resource, String from, String to, String reason, boolean blocked) {

  /**
   * The normalized one-line form used by the conformance corpus: {@code start R N}, {@code stop R N},
   * {@code move R FROM TO}, {@code recover R N}, {@code recover R FROM TO}, {@code restart R N},
   * {@code fence N}.
   */
  public String normalized() {
    return switch (type) {
      case START -> "start " + resource + " " + to;
      case STOP -> "stop " + resource + " " + from;
      case MOVE -> "move " + resource + " " + from + " " + to;
      case RECOVER -> to == null || Objects.equals(from, to)
          ? "recover " + resource + " " + from
          : "recover " + resource + " " + from + " " + to;
      case RESTART -> "restart " + resource + " " + from;
      case FENCE -> "fence " + from;
    };
  }

  /** A human-readable line, e.g. {@code Move WebService (node1 -> node2) due to node availability}. */
  @Override
  public String toString() {
    String label = type.name().charAt(0) + type.name().substring(1).toLowerCase(java.util.Locale.ROOT);
    String where;
    if (type == ChangeType.FENCE) {
      return "Fence " + from + (reason == null ? "" : " '" + reason + "'");
    } else if (type == ChangeType.START) {
      where = to;
    } else if (to == null || Objects.equals(from, to)) {
      where = from;
    } else {
      where = from + " -> " + to;
    }
    return label + " " + resource + " (" + where + ")" + (reason == null ? "" : " due to " + reason)
        + (blocked ? " (blocked)" : "");
  }
}
