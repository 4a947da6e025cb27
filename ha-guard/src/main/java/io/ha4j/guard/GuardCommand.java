package io.ha4j.guard;

/** One parsed line of the guard protocol (see {@link GuardProtocol}). */
sealed interface GuardCommand {

  /** {@code LEASE <millis>}: the lease now ends {@code millis} from the moment the guard reads it. */
  record Lease(long millis) implements GuardCommand {}

  /** {@code HOLD ...}: remove this resource when the lease ends. */
  record Hold(HeldResource resource) implements GuardCommand {}

  /** {@code RELEASE ...}: the JVM released this resource itself; forget it. */
  record Release(HeldResource resource) implements GuardCommand {}

  /**
   * {@code JVM <pid> [starttime]}: the JVM to kill in kill-jvm mode. Without a start time the guard
   * reads it from /proc when the line arrives ({@code startTime} is then -1 here).
   */
  record Jvm(long pid, long startTime) implements GuardCommand {}

  /** {@code MODE kill-jvm|release-only}. */
  record Mode(GuardMode mode) implements GuardCommand {}

  /** {@code BYE}: clean shutdown; release nothing and exit. */
  record Bye() implements GuardCommand {}
}
