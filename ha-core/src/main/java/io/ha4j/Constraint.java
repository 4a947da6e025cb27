package io.ha4j;

/** A rule about where or in which order resources run: {@link Location}, {@link Colocation}, {@link Order}. */
public sealed interface Constraint permits Location, Colocation, Order {

  /** The constraint's id, unique among the constraints of a configuration. */
  String id();
}
