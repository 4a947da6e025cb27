package io.ha4j;

import java.time.Instant;
import java.util.Optional;

/**
 * A preference of a resource for (positive score) or against (negative score) a node.
 * {@code +INFINITY} pins the resource to the node; {@code -INFINITY} bans it from the node.
 *
 * <p>Locations made by {@code move} and {@code ban} may carry a lifetime: after {@code expires} they
 * no longer count, and {@code clear} or a cleanup removes them.
 *
 * @param id unique id
 * @param resource the resource (primitive or group) id
 * @param node the node name
 * @param score the preference, see {@link Score}
 * @param expires when the constraint stops counting, or {@code null} for never
 */
public record Location(String id, String resource, String node, int score, Instant expires)
    implements Constraint {

  /** A location without lifetime. */
  public static Location of(String id, String resource, String node, int score) {
    return new Location(id, resource, node, score, null);
  }

  /** When this constraint stops counting, if ever. */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expires);
  }

  /** Whether this constraint still counts at {@code now}. */
  public boolean activeAt(Instant now) {
    return expires == null || now.isBefore(expires);
  }
}
