package io.ha4j.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Turns a planned run into a {@link Transition}: the summary lines, labelled the way Pacemaker's
 * Transition Summary labels them (pcmk_output.c: rsc_action_default), the executable actions in a
 * valid order, and the placement that results.
 */
final class TransitionBuilder {

  private final SchedulerRun run;
  private final ActionPlanner planner;

  TransitionBuilder(SchedulerRun run, ActionPlanner planner) {
    this.run = run;
    this.planner = planner;
  }

  Transition build() {
    List<Change> changes = new ArrayList<>();
    for (Action fence : planner.fencing) {
      if (!fence.optional) {
        changes.add(new Change(ChangeType.FENCE, null, fence.node.name, null, fence.reason, !fence.runnable));
      }
    }
    Map<String, String> placement = new LinkedHashMap<>();
    for (WorkResource top : run.top) {
      for (WorkResource r : top.isGroup() ? top.children : List.of(top)) {
        Change c = summarize(r);
        if (c != null) {
          changes.add(c);
        }
        WorkNode after = nodeAfter(r);
        if (after != null) {
          placement.put(r.id, after.name);
        }
      }
    }
    List<Action> executable = new ArrayList<>();
    for (Action a : planner.graph.actions) {
      if (a.executable() && (a.rsc == null || !a.rsc.isGroup())) {
        executable.add(a);
      }
    }
    return order(executable, placement, changes);
  }

  private static WorkNode nodeAfter(WorkResource r) {
    WorkNode node = r.current;
    if (r.stop != null && !r.stop.optional && r.stop.runnable) {
      node = null;
    }
    if (r.start != null && !r.start.optional && r.start.runnable) {
      node = r.start.node;
    }
    return node;
  }

  /** Pacemaker's rsc_action_default, for one primitive. */
  private static Change summarize(WorkResource r) {
    WorkNode current = r.current;
    WorkNode next = r.assignedTo;
    if (!r.managed || (current == null && next == null)) {
      return null;
    }
    boolean startedNow = current != null;
    boolean startedNext = r.nextRoleStarted();
    boolean moving = current != null && next != null && current != next;
    Action start = r.start != null && (next == null || r.start.node == next) ? r.start : null;
    WorkNode startNode = start == null || !start.runnable ? null : current;
    Action stop = r.stop != null && (startNode == null || r.stop.node == startNode) ? r.stop : null;
    String cur = current == null ? null : current.name;
    String nxt = next == null ? null : next.name;
    if (startedNow == startedNext) {
      if (start == null || start.optional) {
        return null;
      }
      if (!start.runnable) {
        return line(ChangeType.STOP, r, cur, null, stop, stop != null && stop.reason != null ? stop : start);
      }
      if (moving) {
        return line(r.failed ? ChangeType.RECOVER : ChangeType.MOVE, r, cur, nxt, stop, stop);
      }
      if (r.failed) {
        return line(ChangeType.RECOVER, r, cur, null, stop, stop);
      }
      return line(ChangeType.RESTART, r, cur, null, start, start);
    }
    if (stop != null && (!startedNext || (start != null && !start.runnable))) {
      return line(ChangeType.STOP, r, cur, null, stop, stop.reason != null ? stop : start);
    }
    if (stop != null && r.failed && r.needsStop) {
      return line(ChangeType.RECOVER, r, cur, nxt, stop, start);
    }
    if (moving) {
      return line(ChangeType.MOVE, r, cur, nxt, stop, stop);
    }
    if (stop != null && !stop.optional) {
      return line(ChangeType.RESTART, r, cur, null, start, start);
    }
    if (!startedNow && startedNext) {
      return line(ChangeType.START, r, null, nxt, start, start);
    }
    return null;
  }

  private static Change line(ChangeType type, WorkResource r, String from, String to, Action action, Action source) {
    boolean blocked = action == null || !action.runnable;
    String reason = source == null ? null : source.reason;
    return new Change(type, r.id, from, to, reason, blocked);
  }

  /** Orders the executable actions so that every ordering (through pseudo-actions too) is respected. */
  private Transition order(List<Action> executable, Map<String, String> placement, List<Change> changes) {
    Map<Action, Integer> index = new LinkedHashMap<>();
    for (Action a : executable) {
      index.put(a, index.size());
    }
    List<Set<Integer>> successors = new ArrayList<>();
    int[] indegree = new int[executable.size()];
    for (Action a : executable) {
      Set<Integer> next = new LinkedHashSet<>();
      Deque<Action> queue = new ArrayDeque<>();
      Set<Action> seen = new java.util.HashSet<>();
      for (Ordering o : a.after) {
        queue.add(o.then);
      }
      while (!queue.isEmpty()) {
        Action b = queue.poll();
        if (!seen.add(b)) {
          continue;
        }
        Integer bi = index.get(b);
        if (bi != null) {
          if (b != a) {
            next.add(bi);
          }
        } else {
          for (Ordering o : b.after) {
            queue.add(o.then);
          }
        }
      }
      successors.add(next);
      for (int bi : next) {
        indegree[bi]++;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < indegree.length; i++) {
      if (indegree[i] == 0) {
        ready.add(i);
      }
    }
    List<Integer> sorted = new ArrayList<>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      sorted.add(i);
      for (int j : successors.get(i)) {
        if (--indegree[j] == 0) {
          ready.add(j);
        }
      }
    }
    if (sorted.size() < executable.size()) { // a cycle: keep creation order for the rest
      for (int i = 0; i < executable.size(); i++) {
        if (!sorted.contains(i)) {
          sorted.add(i);
        }
      }
    }
    int[] position = new int[executable.size()];
    List<PlannedAction> actions = new ArrayList<>();
    for (int i : sorted) {
      Action a = executable.get(i);
      position[i] = actions.size();
      ActionType type = switch (a.task) {
        case START -> ActionType.START;
        case STOP -> ActionType.STOP;
        default -> ActionType.FENCE;
      };
      actions.add(new PlannedAction(actions.size(), type, a.rsc == null ? null : a.rsc.id, a.node.name, a.reason));
    }
    List<ActionOrdering> edges = new ArrayList<>();
    for (int i = 0; i < executable.size(); i++) {
      for (int j : successors.get(i)) {
        if (position[i] < position[j]) {
          edges.add(new ActionOrdering(position[i], position[j]));
        }
      }
    }
    return new Transition(placement, actions, edges, changes, run.scores);
  }
}
