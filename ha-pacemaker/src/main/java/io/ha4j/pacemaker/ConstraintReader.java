package io.ha4j.pacemaker;

import io.ha4j.Colocation;
import io.ha4j.Constraint;
import io.ha4j.Location;
import io.ha4j.Order;
import io.ha4j.OrderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Reads {@code <constraints>}: node+score {@code rsc_location}, two-resource {@code rsc_colocation}
 * and {@code rsc_order}, with Pacemaker's defaults and quirks (a colocation of score 0 is dropped, a
 * location naming an unknown node is dropped, an order's legacy {@code score="0"} means Optional,
 * {@code Serialize} is read as an asymmetrical Optional order). Features outside ha4j's model
 * (rules, resource sets, roles, tickets...) are reported, not silently ignored.
 */
final class ConstraintReader {

  private static final Logger LOG = LoggerFactory.getLogger(ConstraintReader.class);

  private final Problems problems;
  private final Set<String> resourceIds;
  private final Set<String> nodeNames;

  ConstraintReader(Problems problems, Set<String> resourceIds, Set<String> nodeNames) {
    this.problems = problems;
    this.resourceIds = resourceIds;
    this.nodeNames = nodeNames;
  }

  List<Constraint> read(Element constraints) {
    List<Constraint> out = new ArrayList<>();
    for (Element e : Xml.children(constraints)) {
      if (Xml.child(e, "resource_set") != null) {
        problems.add(Xml.child(e, "resource_set"), "resource sets are not supported");
        continue;
      }
      Constraint c = switch (e.getTagName()) {
        case "rsc_location" -> location(e);
        case "rsc_colocation" -> colocation(e);
        case "rsc_order" -> order(e);
        case "rsc_ticket" -> unsupported(e, "ticket constraints are not supported");
        default -> unsupported(e, "unknown constraint element <" + e.getTagName() + ">");
      };
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private Constraint unsupported(Element e, String message) {
    problems.add(e, message);
    return null;
  }

  private Location location(Element e) {
    String id = required(e, "id");
    if (Xml.attr(e, "rsc-pattern") != null) {
      problems.add(e, "rsc-pattern", "resource patterns are not supported");
      return null;
    }
    String rsc = resource(e, "rsc");
    if (Xml.child(e, "rule") != null) {
      problems.add(Xml.child(e, "rule"), "rules are not supported");
      return null;
    }
    String node = required(e, "node");
    Integer score = null;
    String scoreText = Xml.attr(e, "score");
    if (scoreText == null) {
      problems.add(e, "score", Xml.attr(e, "score-attribute") != null
          ? "score-attribute is not supported" : "missing (a location needs a score)");
    } else {
      score = score(e, "score", scoreText);
    }
    roleMustBeStarted(e, "role");
    String discovery = Xml.attr(e, "resource-discovery");
    if (discovery != null && !discovery.equalsIgnoreCase("always")) {
      problems.add(e, "resource-discovery", "resource-discovery '" + discovery + "' is not supported");
    }
    if (id == null || rsc == null || node == null || score == null) {
      return null;
    }
    if (!nodeNames.contains(node)) {
      LOG.warn("{}: ignoring the location of {} on {}: no such node (Pacemaker ignores it too)",
          Xml.path(e), rsc, node);
      return null;
    }
    return Location.of(id, rsc, node, score);
  }

  private Colocation colocation(Element e) {
    String id = required(e, "id");
    String rsc = resource(e, "rsc");
    String with = resource(e, "with-rsc");
    String scoreText = Xml.attr(e, "score");
    Integer score = scoreText == null ? Integer.valueOf(0) : score(e, "score", scoreText);
    roleMustBeStarted(e, "rsc-role");
    roleMustBeStarted(e, "with-rsc-role");
    String attribute = Xml.attr(e, "node-attribute");
    if (attribute != null && !attribute.equals("#uname")) {
      problems.add(e, "node-attribute", "colocation by node attribute '" + attribute + "' is not supported");
    }
    String influence = Xml.attr(e, "influence");
    if (influence != null && !Boolean.TRUE.equals(Values.bool(influence))) {
      problems.add(e, "influence", "influence='" + influence + "' is not supported");
    }
    if (id == null || rsc == null || with == null || score == null) {
      return null;
    }
    if (score == 0) {
      LOG.debug("{}: colocation with score 0 dropped (as Pacemaker does)", Xml.path(e));
      return null;
    }
    return new Colocation(id, rsc, with, score);
  }

  private Order order(Element e) {
    String id = required(e, "id");
    String first = resource(e, "first");
    String then = resource(e, "then");
    String firstAction = Xml.attr(e, "first-action");
    String thenAction = Xml.attr(e, "then-action");
    if (firstAction != null && !firstAction.equals("start")) {
      problems.add(e, "first-action", "only 'start' is supported, not '" + firstAction + "'");
    }
    if (thenAction != null && !thenAction.equals("start")) {
      problems.add(e, "then-action", "only 'start' is supported, not '" + thenAction + "'");
    }
    String requireAll = Xml.attr(e, "require-all");
    if (requireAll != null && !Boolean.TRUE.equals(Values.bool(requireAll))) {
      problems.add(e, "require-all", "require-all='" + requireAll + "' is not supported");
    }
    OrderKind kind = OrderKind.MANDATORY;
    boolean serialize = false;
    String kindText = Xml.attr(e, "kind");
    String scoreText = Xml.attr(e, "score");
    if (kindText != null) {
      switch (kindText.toLowerCase(Locale.ROOT)) {
        case "mandatory" -> kind = OrderKind.MANDATORY;
        case "optional" -> kind = OrderKind.OPTIONAL;
        case "serialize" -> {
          kind = OrderKind.OPTIONAL;
          serialize = true;
        }
        default -> {
          problems.add(e, "kind", "unknown kind '" + kindText + "' (expected Mandatory, Optional or Serialize)");
          return null;
        }
      }
    } else if (scoreText != null) {
      Integer score = score(e, "score", scoreText);
      if (score == null) {
        return null;
      }
      kind = score == 0 ? OrderKind.OPTIONAL : OrderKind.MANDATORY;
    }
    boolean symmetrical = !serialize;
    String symmetricalText = Xml.attr(e, "symmetrical");
    if (symmetricalText != null) {
      Boolean b = Values.bool(symmetricalText);
      if (b == null) {
        problems.add(e, "symmetrical", "not a boolean: '" + symmetricalText + "'");
        return null;
      }
      symmetrical = b && !serialize;
    }
    if (id == null || first == null || then == null) {
      return null;
    }
    return new Order(id, first, then, kind, symmetrical);
  }

  private void roleMustBeStarted(Element e, String attribute) {
    String role = Xml.attr(e, attribute);
    if (role != null && !role.equalsIgnoreCase("Started")) {
      problems.add(e, attribute, "role-specific constraints are not supported (role '" + role + "')");
    }
  }

  private String resource(Element e, String attribute) {
    String id = required(e, attribute);
    if (id != null && !resourceIds.contains(id)) {
      problems.add(e, attribute, "unknown resource '" + id + "'");
      return null;
    }
    return id;
  }

  private String required(Element e, String attribute) {
    String v = Xml.attr(e, attribute);
    if (v == null || v.isBlank()) {
      problems.add(e, attribute, "missing");
      return null;
    }
    return v;
  }

  private Integer score(Element e, String attribute, String text) {
    Integer s = Values.score(text);
    if (s == null) {
      problems.add(e, attribute, "not a score: '" + text + "' (expected an integer or [+-]INFINITY)");
    }
    return s;
  }
}
