package io.ha4j.scheduler;

/** A node as one scheduling run sees it. Mutable only by the run that owns it. */
final class WorkNode {
  final int index;
  final String name;
  final boolean online;
  final boolean unclean;
  final boolean pending;
  final boolean standby;
  final boolean maintenance;
  /** Resources assigned to this node so far in this run (the load tie-break). */
  int assignedCount;

  WorkNode(int index, String name, boolean online, boolean unclean, boolean pending, boolean standby,
      boolean maintenance) {
    this.index = index;
    this.name = name;
    this.online = online;
    this.unclean = unclean;
    this.pending = pending;
    this.standby = standby;
    this.maintenance = maintenance;
  }

  /** Whether the node can run resources at all (Pacemaker's pcmk__node_available, scores aside). */
  boolean available() {
    return online && !unclean && !pending && !standby && !maintenance;
  }

  @Override
  public String toString() {
    return name;
  }
}
