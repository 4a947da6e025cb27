package io.ha4j.pacemaker;

import io.ha4j.ConfigViolation;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** Collects every problem found while reading a CIB, each with the XML path of the bad element. */
final class Problems {

  private final List<ConfigViolation> list = new ArrayList<>();

  /** A problem with an element. */
  void add(Element element, String message) {
    list.add(new ConfigViolation(Xml.path(element), message));
  }

  /** A problem with an attribute of an element. */
  void add(Element element, String attribute, String message) {
    list.add(new ConfigViolation(Xml.path(element, attribute), message));
  }

  /** A problem at a path that is not an element (e.g. the document itself). */
  void add(String path, String message) {
    list.add(new ConfigViolation(path, message));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<ConfigViolation> list() {
    return List.copyOf(list);
  }

  /** Throws a {@link CibException} listing every problem, if there is any. */
  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new CibException(list);
    }
  }
}
