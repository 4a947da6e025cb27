package io.ha4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of primitives that run together on one node: each member is placed with the one
 * before it and started after it (stopped in reverse order). If a member cannot run, the members
 * after it stop too; if a member is (re)started, the running members after it are restarted.
 *
 * <p>Meta attributes set on the group are inherited by members that do not set their own.
 *
 * @param id unique id
 * @param members the members, in start order; at least one
 * @param meta meta attributes set on the group
 */
public record Group(String id, List<Primitive> members, ResourceMeta meta) implements Resource {

  /** Copies the member list, turning {@code null} into empty ones (validation reports the rest). */
  public Group {
    members = members == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(members));
    meta = meta == null ? ResourceMeta.EMPTY : meta;
  }

  /** A group with the given members and no meta attributes of its own. */
  public static Group of(String id, Primitive... members) {
    return new Group(id, List.of(members), ResourceMeta.EMPTY);
  }
}
