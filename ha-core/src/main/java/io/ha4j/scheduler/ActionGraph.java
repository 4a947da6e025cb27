package io.ha4j.scheduler;

import io.ha4j.scheduler.Action.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The actions of one scheduling run and the orderings between them, with Pacemaker's rules for
 * spreading "required" and "unrunnable" along orderings (pcmk_sched_actions.c). Flags only ever move
 * one way (optional → required, runnable → unrunnable), so propagation reaches a fixed point.
 */
final class ActionGraph {

  private static final int F_OPTIONAL = 1;
  private static final int F_RUNNABLE = 2;
  private static final int CHANGED_THEN = 1;
  private static final int CHANGED_FIRST = 2;

  final List<Action> actions = new ArrayList<>();
  final List<Ordering> orderings = new ArrayList<>();
  private final Deque<Action> work = new ArrayDeque<>();
  private boolean[] queued = new boolean[64];

  Action newAction(Task task, WorkResource rsc, WorkNode node) {
    Action a = new Action(actions.size(), task, rsc, node);
    actions.add(a);
    return a;
  }

  void order(Action first, Action then, int flags) {
    Ordering o = new Ordering(first, then, flags);
    orderings.add(o);
    first.after.add(o);
    then.before.add(o);
  }

  // ---------------------------------------------------------------- propagation

  /** Spreads flags along every ordering until nothing changes. */
  void propagate() {
    for (Action a : actions) {
      enqueue(a);
    }
    while (!work.isEmpty()) {
      Action then = work.poll();
      queued[then.id] = false;
      updateForOrderings(then);
    }
  }

  private void enqueue(Action a) {
    if (a.id >= queued.length) {
      queued = java.util.Arrays.copyOf(queued, Math.max(a.id + 1, queued.length * 2));
    }
    if (!queued[a.id]) {
      queued[a.id] = true;
      work.add(a);
    }
  }

  private void updateForOrderings(Action then) {
    boolean wasRunnable = then.runnable;
    int thenBefore = bits(then);
    for (Ordering o : then.before) {
      int changed = apply(o);
      if ((changed & CHANGED_FIRST) != 0) {
        enqueue(o.first);
        for (Ordering next : o.first.after) {
          enqueue(next.then);
        }
      }
    }
    if (bits(then) != thenBefore) {
      if (wasRunnable && !then.runnable) {
        blockColocationDependents(then);
      }
      enqueue(then);
      for (Ordering next : then.after) {
        enqueue(next.then);
      }
    }
  }

  /** Pacemaker's update_action_for_ordering_flags. */
  private int apply(Ordering o) {
    Action first = o.first;
    Action then = o.then;
    int firstFlags = flagsForOrdering(first);
    int changed = 0;
    if (o.has(Ordering.IMPLIES_THEN)) {
      if (then.rsc != null) {
        changed |= update(first, then, firstFlags & F_OPTIONAL, F_OPTIONAL, Ordering.IMPLIES_THEN);
      } else if ((firstFlags & F_OPTIONAL) == 0 && then.optional) {
        then.optional = false;
        changed |= CHANGED_THEN;
      }
    }
    if (o.has(Ordering.RESTART) && then.rsc != null) {
      changed |= update(first, then, firstFlags, F_OPTIONAL | F_RUNNABLE, Ordering.RESTART);
    }
    if (o.has(Ordering.IMPLIES_FIRST) && first.rsc != null) {
      changed |= generic(first, then, firstFlags, F_OPTIONAL, Ordering.IMPLIES_FIRST);
    }
    if (o.has(Ordering.RUNNABLE_LEFT)) {
      if (then.rsc != null) {
        changed |= update(first, then, firstFlags, F_RUNNABLE, Ordering.RUNNABLE_LEFT);
      } else if ((firstFlags & F_RUNNABLE) == 0 && then.runnable) {
        then.runnable = false;
        changed |= CHANGED_THEN;
      }
    }
    if (o.has(Ordering.ASYMMETRICAL) && then.rsc != null) {
      changed |= update(first, then, firstFlags, F_RUNNABLE, Ordering.ASYMMETRICAL);
    }
    if ((o.flags & (Ordering.IMPLIES_THEN | Ordering.IMPLIES_FIRST | Ordering.RESTART)) != 0
        && first.rsc != null && !first.rsc.managed && first.rsc.blocked && !first.runnable
        && first.task == Task.STOP && then.runnable) {
      then.runnable = false; // nothing may follow the stop of a blocked resource
      changed |= CHANGED_THEN;
    }
    return changed;
  }

  /** The resource's update_ordered_actions method: a group also updates its members' actions. */
  private int update(Action first, Action then, int flags, int filter, int type) {
    int changed = generic(first, then, flags, filter, type);
    if (then.isGroupAction()) {
      for (WorkResource member : then.rsc.children) {
        Action memberAction = memberAction(member, then.task);
        if (memberAction != null) {
          changed |= generic(first, memberAction, flags, filter, type);
        }
      }
    }
    return changed;
  }

  /** Pacemaker's pcmk__update_ordered_actions. */
  private int generic(Action first, Action then, int flags, int filter, int type) {
    int thenBits = bits(then);
    int firstBits = bits(first);
    if ((type & Ordering.ASYMMETRICAL) != 0) {
      asymmetric(first, then);
    }
    if ((type & Ordering.IMPLIES_FIRST) != 0 && (thenBits & F_OPTIONAL) == 0
        && (filter & F_OPTIONAL) != 0 && (flags & F_OPTIONAL) == 0 && (firstBits & F_OPTIONAL) != 0) {
      first.optional = false;
    }
    if ((type & Ordering.RUNNABLE_LEFT) != 0 && (filter & F_RUNNABLE) != 0 && then.runnable
        && (flags & F_RUNNABLE) == 0) {
      then.runnable = false;
      because(then, first, "unrunnable");
    }
    if ((type & Ordering.IMPLIES_THEN) != 0 && (filter & F_OPTIONAL) != 0 && then.optional
        && (flags & F_OPTIONAL) == 0) {
      then.optional = false;
      because(then, first, "required");
    }
    if ((type & Ordering.RESTART) != 0) {
      restart(first, then, filter);
    }
    int changed = 0;
    if (bits(then) != thenBits) {
      changed |= CHANGED_THEN;
    }
    if (bits(first) != firstBits) {
      changed |= CHANGED_FIRST;
    }
    return changed;
  }

  private static void asymmetric(Action first, Action then) {
    if (then.rsc == null || first.runnable) {
      return;
    }
    if (then.optional) {
      boolean running = isActive(then.rsc);
      if (!running && then.task == Task.STOP) {
        return;
      }
      if (running && then.task == Task.START && then.node != null && then.rsc.current == then.node) {
        return;
      }
    }
    then.optional = false;
    if (then.runnable) {
      then.runnable = false;
      because(then, first, "unrunnable");
    }
  }

  private static void restart(Action first, Action then, int filter) {
    boolean needed = (filter & F_OPTIONAL) != 0 && !then.optional;
    if ((filter & F_RUNNABLE) != 0 && !then.runnable && then.rsc.managed && first.rsc == then.rsc) {
      needed = true;
    }
    if (!needed) {
      return;
    }
    if (first.runnable || !then.optional) {
      first.optional = false;
    }
    if (!first.optional && !first.runnable) {
      then.runnable = false;
    }
  }

  /** Flags of an action as orderings see them: a group's pseudo-action takes its members' flags. */
  private int flagsForOrdering(Action action) {
    if (!action.isGroupAction()) {
      return bits(action);
    }
    int flags = F_OPTIONAL | F_RUNNABLE;
    Task memberTask = switch (action.task) {
      case RUNNING, START -> Task.START;
      case STOPPED, STOP -> Task.STOP;
      default -> action.task;
    };
    for (WorkResource member : action.rsc.children) {
      Action m = memberAction(member, memberTask);
      if (m != null) {
        if ((flags & F_OPTIONAL) != 0 && !m.optional) {
          flags &= ~F_OPTIONAL;
          action.optional = false;
        }
        if (memberTask != action.task && (flags & F_RUNNABLE) != 0 && !m.runnable) {
          flags &= ~F_RUNNABLE;
          action.runnable = false;
        }
      } else if (memberTask != Task.STOP) {
        flags &= ~F_RUNNABLE;
      }
    }
    return flags;
  }

  private static Action memberAction(WorkResource member, Task task) {
    if (task == Task.START) {
      return member.start;
    }
    if (task == Task.STOP) {
      return member.stop;
    }
    return null;
  }

  static boolean isActive(WorkResource rsc) {
    if (rsc.isGroup()) {
      for (WorkResource child : rsc.children) {
        if (child.isRunning()) {
          return true;
        }
      }
      return false;
    }
    return rsc.isRunning();
  }

  private static int bits(Action a) {
    return (a.optional ? F_OPTIONAL : 0) | (a.runnable ? F_RUNNABLE : 0);
  }

  private static void because(Action action, Action cause, String what) {
    if (action.rsc != cause.rsc && cause.rsc != null) {
      action.reason = (what.equals("required") ? "required " : "unrunnable ")
          + cause.rsc.id + " " + cause.task.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  // ---------------------------------------------------------------- colocation blocking

  /** An unrunnable start of a primary makes mandatory (INFINITY) dependents' starts unrunnable. */
  private void blockColocationDependents(Action action) {
    if (action.runnable || action.task != Task.START || action.rsc == null) {
      return;
    }
    WorkResource top = action.rsc.parent != null ? action.rsc.parent : action.rsc;
    List<WorkColocation> colocations;
    if (top.isGroup()) {
      for (WorkResource child : top.children) {
        if (child.start == null || child.start.runnable) {
          return;
        }
      }
      colocations = new ArrayList<>();
      for (WorkColocation c : top.lastChild().withThis) {
        if (c.dependent().parent != top) {
          colocations.add(c);
        }
      }
    } else {
      colocations = top.withThis;
    }
    for (WorkColocation c : colocations) {
      if (c.score() >= io.ha4j.Score.INFINITY) {
        markStartBlocked(c.dependentRef(), top);
      }
    }
  }

  private void markStartBlocked(WorkResource rsc, WorkResource reason) {
    if (rsc.isGroup()) { // a group dependent: its own start and every member's (crm_simulate 2.1.5)
      blockStart(rsc.groupStart, reason);
      for (WorkResource member : rsc.children) {
        blockStart(member.start, reason);
      }
    } else {
      blockStart(rsc.start, reason);
    }
  }

  private void blockStart(Action start, WorkResource reason) {
    if (start != null && start.runnable) {
      start.runnable = false;
      start.reason = "colocation with " + reason.id;
      blockColocationDependents(start);
      enqueue(start);
      for (Ordering next : start.after) {
        enqueue(next.then);
      }
    }
  }
}
