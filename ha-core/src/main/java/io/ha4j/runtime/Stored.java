package io.ha4j.runtime;

import io.ha4j.ObservedRole;
import io.ha4j.ResourceNodeState;
import io.ha4j.scheduler.ActionOrdering;
import io.ha4j.scheduler.ActionType;
import io.ha4j.scheduler.PlannedAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The records kept in the store, each with its JSON form (format 1). */
final class Stored {
  static final int FORMAT = 1;

  private Stored() {}

  private static void checkFormat(JsonNode o, String what) {
    int f = o.path("format").asInt(0);
    if (f != FORMAT) {
      throw new IllegalStateException(what + " has format " + f + ", this ha4j reads " + FORMAT);
    }
  }

  /** An operation in flight on a node: the resource may be anything while it runs. */
  enum Pending { NONE, STARTING, STOPPING }

  /**
   * A failed operation.
   *
   * @param operation start, stop, monitor or probe
   * @param status OCF status name or TIMEOUT
   */
  record Failure(String operation, String status, String message, Instant at) {}

  /**
   * What one node last saw of one primitive ({@code /state/<node>/<rsc>}); written only by that node.
   *
   * @param epoch the epoch of the operation that produced it
   * @param session the writer's session id (a new session means a new probe)
   */
  record Observed(String node, String resource, ObservedRole role, Pending pending, boolean failed,
      Instant failedAt, boolean stopFailed, boolean banned, long epoch, long session, Failure lastFailure) {

    boolean active() {
      return role == ObservedRole.STARTED || failed || stopFailed || pending != Pending.NONE;
    }

    ResourceNodeState toModel() {
      // an operation in flight counts as running: nothing may start elsewhere meanwhile
      ObservedRole r = pending != Pending.NONE ? ObservedRole.STARTED : role;
      return new ResourceNodeState(resource, node, r, failed, failedAt, stopFailed, banned);
    }

    Observed with(ObservedRole role, Pending pending, long epoch) {
      return new Observed(node, resource, role, pending, failed, failedAt, stopFailed, banned, epoch, session, lastFailure);
    }

    byte[] toJson() {
      ObjectNode o = Json.object().put("format", FORMAT).put("node", node).put("resource", resource)
          .put("role", role.name()).put("pending", pending.name()).put("failed", failed);
      Json.putInstant(o, "failedAt", failedAt);
      o.put("stopFailed", stopFailed).put("banned", banned).put("epoch", epoch).put("session", session);
      if (lastFailure != null) {
        ObjectNode f = o.putObject("lastFailure").put("operation", lastFailure.operation())
            .put("status", lastFailure.status()).put("message", lastFailure.message());
        Json.putInstant(f, "at", lastFailure.at());
      }
      return Json.bytes(o);
    }

    static Observed fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "observed state");
      JsonNode f = o.get("lastFailure");
      Failure failure = f == null || f.isNull() ? null
          : new Failure(Json.str(f, "operation"), Json.str(f, "status"), Json.str(f, "message"), Json.instant(f, "at"));
      return new Observed(Json.str(o, "node"), Json.str(o, "resource"), ObservedRole.valueOf(Json.str(o, "role")),
          Pending.valueOf(Json.str(o, "pending")), o.path("failed").asBoolean(), Json.instant(o, "failedAt"),
          o.path("stopFailed").asBoolean(), o.path("banned").asBoolean(), o.path("epoch").asLong(),
          o.path("session").asLong(), failure);
    }
  }

  /** {@code /failcount/<rsc>/<node>}. */
  record FailCountRecord(int count, Instant lastFailure) {
    byte[] toJson() {
      ObjectNode o = Json.object().put("format", FORMAT).put("count", count);
      Json.putInstant(o, "lastFailure", lastFailure);
      return Json.bytes(o);
    }

    static FailCountRecord fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "fail count");
      return new FailCountRecord(o.path("count").asInt(), Json.instant(o, "lastFailure"));
    }
  }

  /** {@code /probed/<node>}: the node has probed every resource under this session. */
  record Probed(long session, long epoch) {
    byte[] toJson() {
      return Json.bytes(Json.object().put("format", FORMAT).put("session", session).put("epoch", epoch));
    }

    static Probed fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "probe marker");
      return new Probed(o.path("session").asLong(), o.path("epoch").asLong());
    }
  }

  /**
   * {@code /transition}: the controller's current plan, tagged with its epoch. {@code sessions}
   * holds each live node's session when it was published: a node acts only on a transition
   * published for its current session, so a node that restarted (and may be replaying its log, or
   * reading an old value) never runs actions meant for its previous incarnation.
   */
  record TransitionRecord(long epoch, long seq, long configVersion, List<PlannedAction> actions,
      List<ActionOrdering> orderings, Map<String, Long> sessions) {

    TransitionRecord {
      sessions = Map.copyOf(sessions);
    }

    /** Whether this transition was published for {@code node}'s session {@code session}. */
    boolean publishedFor(String node, long session) {
      Long s = sessions.get(node);
      return s != null && s == session;
    }

    String id() {
      return epoch + "-" + seq;
    }

    List<Integer> predecessors(int action) {
      List<Integer> out = new ArrayList<>();
      for (ActionOrdering o : orderings) {
        if (o.after() == action) {
          out.add(o.before());
        }
      }
      return out;
    }

    byte[] toJson() {
      ObjectNode o = Json.object().put("format", FORMAT).put("epoch", epoch).put("seq", seq)
          .put("configVersion", configVersion);
      ArrayNode acts = o.putArray("actions");
      for (PlannedAction a : actions) {
        acts.addObject().put("id", a.id()).put("type", a.type().name()).put("resource", a.resource())
            .put("node", a.node()).put("reason", a.reason());
      }
      ArrayNode ords = o.putArray("orderings");
      for (ActionOrdering e : orderings) {
        ords.addArray().add(e.before()).add(e.after());
      }
      ObjectNode sess = o.putObject("sessions");
      new TreeMap<>(sessions).forEach(sess::put);
      return Json.bytes(o);
    }

    static TransitionRecord fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "transition");
      List<PlannedAction> actions = new ArrayList<>();
      for (JsonNode a : o.path("actions")) {
        actions.add(new PlannedAction(a.path("id").asInt(), ActionType.valueOf(Json.str(a, "type")),
            Json.str(a, "resource"), Json.str(a, "node"), Json.str(a, "reason")));
      }
      List<ActionOrdering> orderings = new ArrayList<>();
      for (JsonNode e : o.path("orderings")) {
        orderings.add(new ActionOrdering(e.get(0).asInt(), e.get(1).asInt()));
      }
      Map<String, Long> sessions = new HashMap<>();
      o.path("sessions").properties().forEach(e -> sessions.put(e.getKey(), e.getValue().asLong()));
      return new TransitionRecord(o.path("epoch").asLong(), o.path("seq").asLong(),
          o.path("configVersion").asLong(), actions, orderings, sessions);
    }
  }

  /** {@code /result/<tx>/<action>}. */
  record Result(boolean ok, String node, String message) {
    byte[] toJson() {
      return Json.bytes(Json.object().put("format", FORMAT).put("ok", ok).put("node", node).put("message", message));
    }

    static Result fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "action result");
      return new Result(o.path("ok").asBoolean(), Json.str(o, "node"), Json.str(o, "message"));
    }
  }

  /** {@code /reprobe/<rsc>} and {@code /fence/<node>}: a request with a sequence number. */
  record Request(long seq, long epoch, String reason) {
    byte[] toJson() {
      return Json.bytes(Json.object().put("format", FORMAT).put("seq", seq).put("epoch", epoch).put("reason", reason));
    }

    static Request fromJson(byte[] bytes) {
      JsonNode o = Json.parse(bytes);
      checkFormat(o, "request");
      return new Request(o.path("seq").asLong(), o.path("epoch").asLong(), Json.str(o, "reason"));
    }
  }
}
