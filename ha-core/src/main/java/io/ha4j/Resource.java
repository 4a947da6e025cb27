package io.ha4j;

/**
 * Something the cluster places and runs: a {@link Primitive} or a {@link Group} of primitives.
 * (Clones and promotable resources will join this hierarchy later.)
 */
public sealed interface Resource permits Primitive, Group {

  /** The resource's id, unique among all resources and group members of a configuration. */
  String id();

  /** Meta attributes set on this resource itself; unset fields are inherited. */
  ResourceMeta meta();
}
