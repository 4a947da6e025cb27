package io.ha4j.agents.internal;

import java.util.regex.Pattern;

/** Checks on node names before they reach a fence program. */
public final class FenceTargets {

  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,252}");

  private FenceTargets() {}

  /**
   * Returns {@code node} when it is a plain node name (letters, digits, {@code _ . : @ -}, not starting
   * with {@code -} or {@code .}).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checkNode(String node) {
    if (node == null || !NODE.matcher(node).matches()) {
      throw new IllegalArgumentException("not a node name: '" + (node == null ? "null" : ParamReader.show(node)) + "'");
    }
    return node;
  }
}
