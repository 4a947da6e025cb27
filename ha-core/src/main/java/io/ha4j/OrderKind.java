package io.ha4j;

/** The strength of an {@link Order} constraint. */
public enum OrderKind {
  /** {@code then} may only start after {@code first} started, and is stopped/restarted with it. */
  MANDATORY,
  /** Only orders actions that happen in the same transition; never forces an action. */
  OPTIONAL
}
