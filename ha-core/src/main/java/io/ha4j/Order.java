package io.ha4j;

/**
 * "Start {@code first} before {@code then}". A {@link OrderKind#MANDATORY mandatory} order also means
 * {@code then} cannot start unless {@code first} can, and is restarted when {@code first} is; when
 * {@code symmetrical}, {@code then} is stopped before {@code first} stops.
 *
 * @param id unique id
 * @param first the resource started first
 * @param then the resource started after it
 * @param kind mandatory or optional
 * @param symmetrical whether the reverse order applies to stops
 */
public record Order(String id, String first, String then, OrderKind kind, boolean symmetrical)
    implements Constraint {

  /** A mandatory, symmetrical order. */
  public static Order of(String id, String first, String then) {
    return new Order(id, first, then, OrderKind.MANDATORY, true);
  }
}
