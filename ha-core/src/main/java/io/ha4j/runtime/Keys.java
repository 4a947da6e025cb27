package io.ha4j.runtime;

/**
 * The store layout (documented in ha-core/README.md). Every value is JSON with a {@code format}
 * field.
 */
final class Keys {
  static final String CONFIG = "/config";
  static final String STATE = "/state/";
  static final String FAILCOUNT = "/failcount/";
  static final String PROBED = "/probed/";
  static final String TRANSITION = "/transition";
  static final String RESULT = "/result/";
  static final String REPROBE = "/reprobe/";
  static final String FENCE = "/fence/";
  static final String SHUTDOWN = "/shutdown/";

  private Keys() {}

  static String state(String node, String resource) {
    return STATE + node + "/" + resource;
  }

  static String failCount(String resource, String node) {
    return FAILCOUNT + resource + "/" + node;
  }

  static String probed(String node) {
    return PROBED + node;
  }

  static String result(String transitionId, int action) {
    return RESULT + transitionId + "/" + action;
  }

  static String reprobe(String resource) {
    return REPROBE + resource;
  }

  static String shutdown(String node) {
    return SHUTDOWN + node;
  }

  static String fence(String node) {
    return FENCE + node;
  }

  /** The last path segment. */
  static String last(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The segment before the last. */
  static String secondLast(String key) {
    String head = key.substring(0, key.lastIndexOf('/'));
    return head.substring(head.lastIndexOf('/') + 1);
  }
}
