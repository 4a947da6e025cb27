package io.ha4j.pacemaker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Element;

/**
 * Replays one resource's operation history on one node ({@code lrm_resource} → its
 * {@code lrm_rsc_op}s in call-id order) the way Pacemaker 2.1.5 does (lib/pengine/unpack.c:
 * unpack_lrm_resource, unpack_rsc_op, remap_operation, update_resource_state,
 * unpack_rsc_op_failure), giving the resource's role there and what failed.
 *
 * <p>Expiry of failures ({@code failure-timeout}) is the scheduler's business: it needs "now". So a
 * second replay with every expirable failure skipped tells the role the resource would have if its
 * failures were forgotten.
 */
final class HistoryReplay {

  /** {@code enum action_fail_response}, in Pacemaker's order of severity (cmp_on_fail). */
  enum Fail { IGNORE, RECOVER, MIGRATE, BLOCK, STOP, STANDBY, FENCE }

  /** {@code enum rsc_role_e}, as far as primitives go (promoted counts as started). */
  enum Role { UNKNOWN, STOPPED, STARTED }

  /** One parsed {@code lrm_rsc_op}. */
  record Op(String id, String task, String key, long intervalMs, int callId, int rc, int status,
      int targetRc, Long lastRcChange, String onNode) {

    boolean isProbe() {
      return task.equals("monitor") && intervalMs == 0;
    }
  }

  /** The outcome on one node. */
  record Outcome(Role role, Fail onFail, Instant failedAt, boolean untimedFailure, boolean stopFailed,
      boolean banned, boolean bannedEverywhere) {}

  /** What the replay needs to know of the resource and its node. */
  record Context(String resourceId, ResourceReader.PrimitiveFacts facts, boolean stonithEnabled,
      boolean nodeOnline, boolean nodeUnclean) {}

  private static final int DONE = 0;
  private static final int CANCELLED = 1;
  private static final int PENDING = -1;
  private static final int ERROR = 4;
  private static final int ERROR_HARD = 5;
  private static final int ERROR_FATAL = 6;
  private static final int NOT_INSTALLED = 7;
  private static final int NOT_SUPPORTED = 3;
  private static final int MAX_STATUS = 11;

  private final Context ctx;
  private final boolean skipExpirable;
  private Role role = Role.UNKNOWN;
  private Fail onFail = Fail.IGNORE;
  private String lastFailureKey;
  private Instant failedAt;
  private boolean untimedFailure;
  private boolean stopFailed;
  private boolean banned;
  private boolean bannedEverywhere;

  private HistoryReplay(Context ctx, boolean skipExpirable) {
    this.ctx = ctx;
    this.skipExpirable = skipExpirable;
  }

  /**
   * Replays {@code ops} (already sorted). With {@code skipExpirable}, failures that have a
   * {@code last-rc-change} are skipped as if their failure-timeout had passed.
   */
  static Outcome replay(List<Op> ops, Context ctx, boolean skipExpirable) {
    HistoryReplay r = new HistoryReplay(ctx, skipExpirable);
    for (Op op : ops) {
      r.unpack(op);
    }
    return new Outcome(r.role, r.onFail, r.failedAt, r.untimedFailure, r.stopFailed, r.banned, r.bannedEverywhere);
  }

  /** Parses the {@code lrm_rsc_op}s of an {@code lrm_resource} and sorts them as Pacemaker does. */
  static List<Op> parse(Element lrmResource, Problems problems) {
    List<Op> ops = new ArrayList<>();
    for (Element e : Xml.children(lrmResource, "lrm_rsc_op")) {
      Op op = parseOp(e, problems);
      if (op != null) {
        ops.add(0, op); // Pacemaker prepends, then sorts stably
      }
    }
    return sorted(ops);
  }

  private static Op parseOp(Element e, Problems problems) {
    String id = Xml.attr(e, "id");
    String task = Xml.attr(e, "operation");
    Long call = number(e, "call-id", problems, true);
    Long rc = number(e, "rc-code", problems, true);
    Long status = number(e, "op-status", problems, true);
    Long interval = number(e, "interval", problems, false);
    Long lastRcChange = number(e, "last-rc-change", problems, false);
    if (id == null) {
      problems.add(e, "id", "missing");
    }
    if (task == null) {
      problems.add(e, "operation", "missing");
    }
    if (status != null && (status < PENDING || status > MAX_STATUS)) {
      problems.add(e, "op-status", "unknown operation status " + status);
      return null;
    }
    if (id == null || task == null || call == null || rc == null || status == null) {
      return null;
    }
    String key = Xml.attr(e, "operation_key") != null ? Xml.attr(e, "operation_key") : id;
    return new Op(id, task, key, interval == null ? 0 : interval, call.intValue(), rc.intValue(),
        status.intValue(), targetRc(Xml.attr(e, "transition-key")), lastRcChange, Xml.attr(e, "on_node"));
  }

  private static Long number(Element e, String attribute, Problems problems, boolean required) {
    String text = Xml.attr(e, attribute);
    if (text == null) {
      if (required) {
        problems.add(e, attribute, "missing");
      }
      return null;
    }
    Long n = Values.integer(text);
    if (n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE && !attribute.equals("last-rc-change")) {
      problems.add(e, attribute, "not an integer: '" + text + "'");
      return null;
    }
    return n;
  }

  /** The expected result: the third field of {@code action:transition:target_rc:uuid}, else -1. */
  static int targetRc(String transitionKey) {
    if (transitionKey == null) {
      return -1;
    }
    String[] parts = transitionKey.split(":", 4);
    if (parts.length < 4) {
      return -1;
    }
    Long rc = Values.integer(parts[2]);
    return rc == null ? -1 : rc.intValue();
  }

  /** A stable merge sort with Pacemaker's comparator (pe__is_newer_op), like g_list_sort. */
  private static List<Op> sorted(List<Op> ops) {
    if (ops.size() < 2) {
      return ops;
    }
    int mid = ops.size() / 2;
    List<Op> left = sorted(new ArrayList<>(ops.subList(0, mid)));
    List<Op> right = sorted(new ArrayList<>(ops.subList(mid, ops.size())));
    List<Op> out = new ArrayList<>(ops.size());
    int i = 0;
    int j = 0;
    while (i < left.size() && j < right.size()) {
      out.add(compare(left.get(i), right.get(j)) <= 0 ? left.get(i++) : right.get(j++));
    }
    out.addAll(left.subList(i, left.size()));
    out.addAll(right.subList(j, right.size()));
    return out;
  }

  private static int compare(Op a, Op b) {
    boolean sameNode = a.onNode() == null || b.onNode() == null || a.onNode().equalsIgnoreCase(b.onNode());
    if (sameNode && a.id().equals(b.id())) {
      return 0;
    }
    if (a.callId() == -1 && b.callId() == -1) {
      return 0;
    }
    if (sameNode && a.callId() >= 0 && a.callId() < b.callId()) {
      return -1;
    }
    if (sameNode && b.callId() >= 0 && a.callId() > b.callId()) {
      return 1;
    }
    if (a.callId() >= 0 && b.callId() >= 0 && (!sameNode || a.callId() == b.callId())) {
      long lastA = a.lastRcChange() == null ? -1 : a.lastRcChange();
      long lastB = b.lastRcChange() == null ? -1 : b.lastRcChange();
      if (lastA >= 0 && lastA < lastB) {
        return -1;
      }
      if (lastB >= 0 && lastA > lastB) {
        return 1;
      }
    }
    return 0;
  }

  // --- unpack_rsc_op -------------------------------------------------------------------------------

  private void unpack(Op op) {
    String task = op.task();
    if (task.equals("notify") || task.equals("meta-data")) {
      return;
    }
    int rc = op.rc();
    int status = op.status();
    int target = op.targetRc();
    boolean probe = op.isProbe();
    boolean expirable = skipExpirable && status != NOT_INSTALLED && op.lastRcChange() != null
        && !(probe && (rc == 0 || rc == 7 || rc == 8 || rc == 190 || rc == 191));
    int oldRc = rc;

    // remap_operation
    if (task.equals("monitor")) {
      rc = rc == 190 ? 0 : rc == 191 ? 8 : rc;
    }
    boolean maskable = probe && (op.rc() == 5 || op.rc() == 2 || status == NOT_INSTALLED);
    if (maskable) {
      status = DONE;
      rc = 7;
    }
    if (status == DONE || status == ERROR) {
      status = (target < 0 || target != rc) ? ERROR : DONE;
      switch (rc) {
        case 0 -> {
          if (probe && target == 7) {
            status = DONE;
          }
        }
        case 7 -> {
          if (probe || target == rc || !ctx.facts().managed()) {
            status = DONE;
            role = Role.STOPPED;
            clearFailure();
          }
        }
        case 8 -> {
          if (probe && rc != target) {
            status = DONE;
          }
          role = Role.STARTED;
        }
        case 9 -> {
          role = Role.STARTED;
          status = ERROR;
        }
        case 6 -> status = ERROR_FATAL;
        case 3 -> status = op.intervalMs() == 0 ? ERROR_HARD : NOT_SUPPORTED;
        case 5, 2, 4 -> status = ERROR_HARD;
        default -> {
          if (status == DONE) {
            status = ERROR;
          }
        }
      }
    }

    // expired failures (here: every expirable failure, in the "ignoring failures" replay)
    if (expirable && maskable && oldRc != target) {
      if (role.compareTo(Role.STOPPED) <= 0) {
        role = Role.UNKNOWN;
      }
      return;
    }
    if (expirable && rc != target && (op.intervalMs() == 0 || (ctx.nodeOnline() && !ctx.nodeUnclean()))) {
      return;
    }

    if (maskable) {
      updateState(op, target);
      banned = true;
      return;
    }
    switch (status) {
      case CANCELLED:
        return;
      case PENDING:
        if (task.equals("start") || task.equals("promote")) {
          activate();
        }
        return;
      case DONE:
        updateState(op, rc);
        return;
      case NOT_INSTALLED:
        if (strategy(op) == Fail.IGNORE) {
          onFail = Fail.MIGRATE;
        }
        banned = true;
        failure(op, rc);
        return;
      case 10, 11:
        status = ERROR_HARD;
        break;
      default:
        break;
    }
    Fail strategy = strategy(op);
    if (strategy == Fail.IGNORE) {
      updateState(op, target);
      return;
    }
    failure(op, rc);
    if (status == ERROR_HARD) {
      banned = true;
    } else if (status == ERROR_FATAL) {
      bannedEverywhere = true;
    }
  }

  /** unpack_rsc_op_failure. */
  private void failure(Op op, int rc) {
    Fail strategy = strategy(op);
    lastFailureKey = op.key();
    if (strategy.compareTo(onFail) > 0) {
      onFail = strategy;
    }
    if (op.lastRcChange() == null) {
      untimedFailure = true;
    } else {
      Instant at = Instant.ofEpochSecond(op.lastRcChange());
      failedAt = failedAt == null || at.isAfter(failedAt) ? at : failedAt;
    }
    if (op.task().equals("stop")) {
      stopFailed = true;
    }
    if (op.isProbe() && rc == 5) {
      role = Role.STOPPED;
    } else {
      activate();
    }
    if (strategy == Fail.STOP) {
      bannedEverywhere = true; // fail_role Stopped: "will not be started under current conditions"
    }
  }

  /** update_resource_state. */
  private void updateState(Op op, int rc) {
    boolean clear = false;
    String task = op.task();
    if (rc == 5 || (op.isProbe() && (op.rc() == 5 || op.rc() == 2 || op.status() == NOT_INSTALLED))) {
      role = Role.STOPPED;
    } else if (rc == 7) {
      clear = true;
    } else if (task.equals("monitor")) {
      if (lastFailureKey != null && op.key().equalsIgnoreCase(lastFailureKey)) {
        clear = true;
      }
      activate();
    } else if (task.equals("start") || task.equals("promote") || task.equals("migrate_from")) {
      role = Role.STARTED;
      clear = true;
    } else if (task.equals("stop")) {
      role = Role.STOPPED;
      clear = true;
    } else if (task.equals("demote")) {
      role = Role.STARTED;
    } else if (!task.equals("migrate_to")) {
      activate();
    }
    if (clear && (onFail == Fail.BLOCK || onFail == Fail.IGNORE || onFail == Fail.RECOVER)) {
      clearFailure();
    }
  }

  private void clearFailure() {
    onFail = Fail.IGNORE;
    failedAt = null;
    untimedFailure = false;
  }

  private void activate() {
    if (role.compareTo(Role.STARTED) < 0) {
      role = Role.STARTED;
    }
  }

  /** The on-fail that applies to a failure of {@code op} (get_action_on_fail / unpack_operation). */
  private Fail strategy(Op op) {
    String configuredKey = op.key().toLowerCase(Locale.ROOT);
    String value = ctx.facts().onFailByOpKey().get(configuredKey);
    if (value == null) {
      value = ctx.facts().defaultOnFail();
    }
    boolean stop = op.task().equals("stop");
    String v = value == null ? null : value.toLowerCase(Locale.ROOT);
    if (stop && v != null && (v.equals("standby") || v.equals("demote") || v.equals("stop"))) {
      v = null;
    }
    if (v != null) {
      switch (v) {
        case "block":
          return Fail.BLOCK;
        case "fence":
          return ctx.stonithEnabled() ? Fail.FENCE : Fail.STOP;
        case "standby":
          return Fail.STANDBY;
        case "ignore", "nothing":
          return Fail.IGNORE;
        case "migrate":
          return Fail.MIGRATE;
        case "stop":
          return Fail.STOP;
        case "restart":
          return Fail.RECOVER;
        default:
          break;
      }
    }
    if (stop) {
      return ctx.stonithEnabled() ? Fail.FENCE : Fail.BLOCK;
    }
    return Fail.RECOVER;
  }
}
