package io.ha4j.scheduler;

import java.util.ArrayList;
import java.util.List;

/** One action of a scheduling run's graph, with Pacemaker's optional/runnable/pseudo flags. */
final class Action {

  enum Task { START, STOP, RUNNING, STOPPED, FENCE }

  final int id;
  final Task task;
  final WorkResource rsc; // null for fencing
  final WorkNode node; // null for group pseudo-actions and "first" placeholders
  boolean optional;
  boolean runnable;
  boolean pseudo;
  String reason;
  final List<Ordering> before = new ArrayList<>(); // orderings where this is "then"
  final List<Ordering> after = new ArrayList<>(); // orderings where this is "first"

  Action(int id, Task task, WorkResource rsc, WorkNode node) {
    this.id = id;
    this.task = task;
    this.rsc = rsc;
    this.node = node;
  }

  boolean isGroupAction() {
    return rsc != null && rsc.isGroup();
  }

  /** Whether this action is really executed (not pseudo, required, runnable). */
  boolean executable() {
    return !pseudo && !optional && runnable;
  }

  @Override
  public String toString() {
    return (rsc == null ? "" : rsc.id + "_") + task.name().toLowerCase(java.util.Locale.ROOT)
        + (node == null ? "" : "@" + node.name) + (optional ? " opt" : " req")
        + (runnable ? "" : " unrunnable") + (pseudo ? " pseudo" : "");
  }
}
