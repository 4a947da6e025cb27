package io.ha4j.scheduler;

import io.ha4j.Constraint;
import io.ha4j.NoQuorumPolicy;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import io.ha4j.scheduler.Action.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the actions of a run from its assignment (Pacemaker's pcmk__primitive_create_actions and
 * friends), schedules fencing, adds the orderings (stop before start, groups, order constraints,
 * fencing) and spreads their flags. Single-use.
 */
final class ActionPlanner {

  private final SchedulerRun run;
  final ActionGraph graph = new ActionGraph();
  final List<Action> fencing = new ArrayList<>();

  ActionPlanner(SchedulerRun run) {
    this.run = run;
  }

  void plan() {
    for (WorkResource w : run.top) {
      if (w.isGroup()) {
        for (WorkResource m : w.children) {
          createActions(m);
        }
        w.groupStart = pseudo(Task.START, w);
        w.groupRunning = pseudo(Task.RUNNING, w);
        w.groupStop = pseudo(Task.STOP, w);
        w.groupStopped = pseudo(Task.STOPPED, w);
        if (w.children.get(0).nextStarted != null) {
          w.nextStarted = w.children.get(0).nextStarted;
        }
      } else {
        createActions(w);
      }
    }
    scheduleFencing();
    internalOrderings();
    userOrderings();
    graph.propagate();
  }

  // ---------------------------------------------------------------- per-primitive actions

  private void createActions(WorkResource r) {
    WorkNode current = r.current;
    WorkNode chosen = r.assignedTo;
    if (r.nextStarted == null) {
      r.nextStarted = chosen != null;
    }
    boolean nextStarted = r.nextStarted;
    boolean needStop = false;
    if (current != null && chosen != null && current != chosen && nextStarted) {
      needStop = true; // moving
    } else if (r.failed && r.needsStop) {
      needStop = true; // recovering
    } else if (r.blocked) {
      needStop = true;
    }
    if (!r.alsoRunningOn.isEmpty()) {
      needStop = true; // active on several nodes: stop it everywhere, then start it once
    }
    if (current != null) {
      stop(r, !needStop);
      if (nextStarted && !r.blocked) {
        start(r, r.assignedTo, !needStop);
      }
    }
    if (current == null && nextStarted) {
      start(r, r.assignedTo, false);
    } else if (current != null && !nextStarted) {
      stop(r, false);
    }
  }

  /** Stops on every node the resource runs on (Pacemaker's stop_resource). */
  private void stop(WorkResource r, boolean optional) {
    if (r.current == null) {
      return;
    }
    if (r.stop == null) {
      r.stop = newStop(r, r.current);
      for (WorkNode n : r.alsoRunningOn) {
        r.extraStops.add(newStop(r, n));
      }
    }
    for (Action s : allStops(r)) {
      if (!optional) {
        s.optional = false;
      }
      if (r.assignedTo == null) {
        s.reason = "node availability";
      }
      if (!r.managed) {
        s.runnable = false;
      }
    }
  }

  private Action newStop(WorkResource r, WorkNode n) {
    Action s = graph.newAction(Task.STOP, r, n);
    s.optional = true;
    s.runnable = n.online && !n.pending;
    return s;
  }

  private static List<Action> allStops(WorkResource r) {
    if (r.stop == null) {
      return List.of();
    }
    List<Action> all = new ArrayList<>(1 + r.extraStops.size());
    all.add(r.stop);
    all.addAll(r.extraStops);
    return all;
  }

  private void start(WorkResource r, WorkNode node, boolean optional) {
    if (node == null) {
      return;
    }
    if (r.start == null) {
      r.start = graph.newAction(Task.START, r, node);
      r.start.optional = true;
      r.start.runnable = startRunnable(r, node);
    }
    if (r.start.runnable && !optional) {
      r.start.optional = false;
    }
  }

  private boolean startRunnable(WorkResource r, WorkNode node) {
    if (!node.online || node.pending) {
      return false;
    }
    if (run.state.quorate()) {
      return true;
    }
    NoQuorumPolicy policy = run.config.properties().noQuorumPolicy();
    if (policy == NoQuorumPolicy.STOP) {
      return false;
    }
    if (policy == NoQuorumPolicy.FREEZE) {
      return r.current != null;
    }
    return true;
  }

  private Action pseudo(Task task, WorkResource group) {
    Action a = graph.newAction(task, group, null);
    a.optional = true;
    a.runnable = true;
    a.pseudo = true;
    return a;
  }

  // ---------------------------------------------------------------- fencing

  private void scheduleFencing() {
    boolean anyManaged = false;
    for (WorkResource w : run.top) {
      anyManaged |= w.isGroup() ? w.children.stream().anyMatch(m -> m.managed) : w.managed;
    }
    boolean canFence = run.stonithEnabled() && run.haveFencingDevice
        && (run.state.quorate() || run.config.properties().noQuorumPolicy() == NoQuorumPolicy.IGNORE);
    if (!anyManaged || !canFence) {
      return;
    }
    for (WorkNode n : run.nodes) {
      if (!n.unclean) {
        continue;
      }
      Action fence = graph.newAction(Task.FENCE, null, n);
      fence.optional = false;
      fence.runnable = true;
      fence.reason = "node is unclean";
      fencing.add(fence);
      for (WorkResource w : run.byId.values()) {
        // fencing implies the stops of managed resources only; an unmanaged one stays as it is
        for (Action stop : w.managed ? allStops(w) : List.<Action>of()) {
          if (stop.node == n) {
            stop.pseudo = true;
            stop.runnable = true;
            graph.order(fence, stop, Ordering.NONE);
            if (w.start != null) {
              graph.order(fence, w.start, Ordering.NONE);
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- orderings

  private void internalOrderings() {
    for (WorkResource w : run.byId.values()) {
      if (!w.isGroup() && w.start != null) {
        for (Action stop : allStops(w)) {
          graph.order(stop, w.start, Ordering.OPTIONAL | Ordering.IMPLIES_THEN | Ordering.RESTART);
        }
      }
    }
    for (WorkResource g : run.top) {
      if (!g.isGroup()) {
        continue;
      }
      graph.order(g.groupStopped, g.groupStart, Ordering.OPTIONAL);
      graph.order(g.groupStart, g.groupRunning, Ordering.RUNNABLE_LEFT);
      graph.order(g.groupStop, g.groupStopped, Ordering.RUNNABLE_LEFT);
      WorkResource previous = null;
      for (WorkResource m : g.children) {
        orderThen(g.groupStop, m.stop, previous == null ? Ordering.OPTIONAL : Ordering.NONE);
        orderThen(firstOrPlaceholder(m, Task.STOP), g.groupStopped,
            previous == null ? Ordering.IMPLIES_THEN : Ordering.NONE);
        orderThen(firstOrPlaceholder(m, Task.START), g.groupRunning,
            Ordering.RUNNABLE_LEFT | Ordering.IMPLIES_THEN);
        if (previous == null) {
          orderThen(g.groupStart, m.start, Ordering.NONE);
        } else {
          orderThen(firstOrPlaceholder(previous, Task.START), m.start,
              Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT);
          orderThen(firstOrPlaceholder(m, Task.STOP), previous.stop, Ordering.OPTIONAL | Ordering.RESTART);
        }
        previous = m;
      }
      orderThen(g.groupStop, g.lastChild().stop, Ordering.IMPLIES_THEN);
      orderThen(firstOrPlaceholder(g.lastChild(), Task.STOP), g.groupStopped, Ordering.OPTIONAL);
    }
  }

  /** Orders two actions; an ordering whose "then" does not exist is dropped, as in Pacemaker. */
  private void orderThen(Action first, Action then, int flags) {
    if (first != null && then != null) {
      graph.order(first, then, flags);
    }
  }

  /**
   * The action of {@code r} an ordering starts from. When {@code r} has none, Pacemaker orders after a
   * node-less, unrunnable stand-in (so nothing can start after a resource that will not start), except
   * for the stop of a resource that is not running, which is simply dropped.
   */
  private Action firstOrPlaceholder(WorkResource r, Task task) {
    Action existing = resourceAction(r, task);
    if (existing != null) {
      return existing;
    }
    if (task == Task.STOP && !ActionGraph.isActive(r)) {
      return null;
    }
    Action placeholder = graph.newAction(task, r, null);
    placeholder.optional = true;
    placeholder.runnable = false;
    placeholder.pseudo = r.isGroup();
    return placeholder;
  }

  private void userOrderings() {
    for (Constraint c : run.config.constraints()) {
      if (!(c instanceof Order o)) {
        continue;
      }
      WorkResource first = run.byId.get(o.first());
      WorkResource then = run.byId.get(o.then());
      if (first == null || then == null) {
        continue;
      }
      int flags = Ordering.OPTIONAL;
      if (o.kind() == OrderKind.MANDATORY) {
        flags |= o.symmetrical() ? Ordering.IMPLIES_THEN | Ordering.RUNNABLE_LEFT : Ordering.ASYMMETRICAL;
      }
      orderResources(first, Task.START, then, Task.START, flags);
      if (o.symmetrical()) {
        int inverse = Ordering.OPTIONAL | (o.kind() == OrderKind.MANDATORY ? Ordering.IMPLIES_FIRST : 0);
        orderResources(then, Task.STOP, first, Task.STOP, inverse);
      }
    }
  }

  /** Orders {@code first}'s task before {@code then}'s (Pacemaker's rsc_order_first/then). */
  private void orderResources(WorkResource first, Task firstTask, WorkResource then, Task thenTask, int flags) {
    Action firstAction = firstOrPlaceholder(first, firstTask);
    if (firstAction != null && first.isGroup() && firstAction.node == null && !firstAction.runnable) {
      // a stand-in for a group: keep it
    } else if (first.isGroup()) {
      firstAction = firstTask == Task.START ? first.groupRunning : first.groupStopped;
    }
    orderThen(firstAction, resourceAction(then, thenTask), flags);
  }

  private static Action resourceAction(WorkResource r, Task task) {
    if (r.isGroup()) {
      return task == Task.START ? r.groupStart : r.groupStop;
    }
    return task == Task.START ? r.start : r.stop;
  }
}
