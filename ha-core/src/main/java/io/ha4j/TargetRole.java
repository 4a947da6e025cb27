package io.ha4j;

/** The role an administrator wants a resource in (Pacemaker's {@code target-role} meta attribute). */
public enum TargetRole {
  /** The resource should run (the default). */
  STARTED,
  /** The resource must not run anywhere: it is stopped, and stays stopped. */
  STOPPED
}
