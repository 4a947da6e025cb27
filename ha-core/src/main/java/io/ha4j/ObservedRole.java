package io.ha4j;

/** What an operation last showed of a resource on a node. */
public enum ObservedRole {
  /** Not running there. */
  STOPPED,
  /** Running there. */
  STARTED,
  /** Not probed yet: treated as stopped until a probe tells otherwise. */
  UNKNOWN
}
