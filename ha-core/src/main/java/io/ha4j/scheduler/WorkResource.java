package io.ha4j.scheduler;

import io.ha4j.Primitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A primitive or group as one scheduling run sees it: its allowed-node scores, colocation lists,
 * observed state and assignment. Mutable only by the run that owns it.
 */
final class WorkResource {

  /** Marks a node that is not in the allowed table at all (opt-in clusters). */
  static final int ABSENT = Integer.MIN_VALUE;

  final String id;
  final Primitive primitive; // null for a group
  final WorkResource parent; // the group of a member, else null
  final List<WorkResource> children = new ArrayList<>();
  final int configIndex;

  /** Node index → score, or {@link #ABSENT}. */
  int[] allowed;

  /** "this with primary" colocations, this being the dependent; sorted before assignment. */
  final List<WorkColocation> thisWith = new ArrayList<>();
  /** "dependent with this" colocations, this being the primary; sorted before assignment. */
  final List<WorkColocation> withThis = new ArrayList<>();

  // resolved meta
  int stickiness;
  int migrationThreshold;
  Duration failureTimeout = Duration.ZERO;
  boolean targetStopped;
  boolean managed = true;
  int priority;

  // observed state (primitives)
  WorkNode current; // the node it runs on, or null
  /** Further nodes it is (possibly) active on: a multiply-active resource, stopped everywhere. */
  final List<WorkNode> alsoRunningOn = new ArrayList<>();
  boolean failed;
  boolean needsStop; // Pacemaker's pe_rsc_stop flag: the failure needs a stop
  boolean blocked; // a failed stop without fencing: nothing more may be done with it
  boolean failureFencesNode; // a failed stop with fencing: the failure itself makes the node unclean

  // assignment
  boolean provisional = true;
  boolean assigning;
  boolean merging;
  WorkNode assignedTo;
  /** Explicit next role: null = decided by assignment, true = started, false = stopped. */
  Boolean nextStarted;

  // actions (primitives)
  Action start;
  Action stop;
  /** Stops on {@link #alsoRunningOn}. */
  final List<Action> extraStops = new ArrayList<>();
  // actions (groups): pseudo-actions
  Action groupStart;
  Action groupRunning;
  Action groupStop;
  Action groupStopped;

  WorkResource(String id, Primitive primitive, WorkResource parent, int configIndex, int nodeCount) {
    this.id = id;
    this.primitive = primitive;
    this.parent = parent;
    this.configIndex = configIndex;
    this.allowed = new int[nodeCount];
  }

  boolean isGroup() {
    return primitive == null;
  }

  boolean isRunning() {
    return current != null;
  }

  /** Whether the next role is Started (after assignment). */
  boolean nextRoleStarted() {
    return nextStarted != null ? nextStarted : assignedTo != null;
  }

  WorkResource firstChild() {
    return children.get(0);
  }

  WorkResource lastChild() {
    return children.get(children.size() - 1);
  }

  @Override
  public String toString() {
    return id;
  }
}
