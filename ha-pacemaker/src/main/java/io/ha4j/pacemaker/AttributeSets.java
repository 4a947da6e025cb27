package io.ha4j.pacemaker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads blocks of {@code nvpair}s ({@code meta_attributes}, {@code instance_attributes},
 * {@code cluster_property_set}) the way Pacemaker does (lib/pengine/rules.c: make_pairs,
 * populate_hash):
 *
 * <ul>
 *   <li>blocks are taken in order of their {@code score}, highest first, with the block named
 *       {@code alwaysFirst} before all; blocks with equal scores are taken in <em>reverse</em>
 *       document order (Pacemaker prepends, then sorts stably);
 *   <li>without {@code overwrite} the first value seen for a name wins, with it the last one;
 *   <li>an nvpair without a value is skipped; the value {@code #default} removes the name;
 *   <li>{@code id-ref} on a block or an nvpair points to the element with that id.
 * </ul>
 *
 * Rules inside a block are not supported and are reported.
 */
final class AttributeSets {

  private final Map<String, Element> byId = new HashMap<>();
  private final Problems problems;

  AttributeSets(Element root, Problems problems) {
    this.problems = problems;
    NodeList all = root.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String id = Xml.attr(e, "id");
      if (id != null) {
        byId.putIfAbsent(e.getTagName() + "\u0000" + id, e);
      }
    }
  }

  /** The name/value pairs of the {@code setTag} blocks directly under {@code owner}. */
  Map<String, String> read(Element owner, String setTag, String alwaysFirst, boolean overwrite) {
    Map<String, String> out = new LinkedHashMap<>();
    readInto(out, owner, setTag, alwaysFirst, overwrite);
    return out;
  }

  /** Adds the pairs of the {@code setTag} blocks under {@code owner} to {@code into}. */
  void readInto(Map<String, String> into, Element owner, String setTag, String alwaysFirst, boolean overwrite) {
    if (owner == null) {
      return;
    }
    List<Element> sets = new ArrayList<>();
    for (Element set : Xml.children(owner, setTag)) {
      Element resolved = resolve(set);
      if (resolved != null) {
        sets.add(0, resolved);
      }
    }
    Element firstSet = first(sets, alwaysFirst);
    sets.sort(Comparator.comparingInt((Element s) -> s == firstSet ? 0 : 1)
        .thenComparing(Comparator.comparingInt(AttributeSets::score).reversed()));
    for (Element set : sets) {
      if (Xml.child(set, "rule") != null) {
        problems.add(Xml.child(set, "rule"), "rules are not supported");
        continue;
      }
      for (Element pair : Xml.children(set, "nvpair")) {
        Element ref = resolve(pair);
        String name = Xml.attr(pair, "name");
        String value = Xml.attr(pair, "value");
        if (ref != null && ref != pair) {
          name = name != null ? name : Xml.attr(ref, "name");
          value = value != null ? value : Xml.attr(ref, "value");
        }
        if (name == null || value == null) {
          continue;
        }
        if (value.equalsIgnoreCase("#default")) {
          into.remove(name);
        } else if (overwrite || !into.containsKey(name)) {
          into.put(name, value);
        }
      }
    }
  }

  private static Element first(List<Element> sets, String alwaysFirst) {
    if (alwaysFirst == null) {
      return null;
    }
    for (Element s : sets) {
      if (alwaysFirst.equalsIgnoreCase(Xml.attr(s, "id"))) {
        return s;
      }
    }
    return null;
  }

  private static int score(Element set) {
    Integer s = Values.score(Xml.attr(set, "score"));
    return s == null ? 0 : s;
  }

  /** The element an {@code id-ref} points to (of the same tag), or the element itself. */
  Element resolve(Element e) {
    String ref = Xml.attr(e, "id-ref");
    if (ref == null) {
      return e;
    }
    Element target = byId.get(e.getTagName() + "\u0000" + ref);
    if (target == null) {
      problems.add(e, "id-ref", "no <" + e.getTagName() + "> has id '" + ref + "'");
    }
    return target;
  }
}
