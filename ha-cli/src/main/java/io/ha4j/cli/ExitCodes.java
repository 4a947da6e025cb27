package io.ha4j.cli;

/**
 * The exit codes of the {@code ha4j} command. Scripts may rely on them.
 *
 * <ul>
 *   <li>{@value #OK}: the command did what it was asked;
 *   <li>{@value #INVALID_INPUT}: the input is wrong or unreadable (missing file, invalid CIB);
 *   <li>{@value #USAGE}: the command line is wrong (unknown option, missing argument), as picocli does;
 *   <li>{@value #INTERNAL_ERROR}: a bug in ha4j; {@code --verbose} shows the stack trace;
 *   <li>{@value #UNAVAILABLE}: the cluster cannot be reached or has no quorum;
 *   <li>{@value #DRILL_FAILED}: a failover drill did not end healthy in time (or saw a resource on two nodes).
 * </ul>
 */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;

  /** The input (a file, a configuration) is invalid or cannot be read. */
  public static final int INVALID_INPUT = 1;

  /** The command line itself is wrong. */
  public static final int USAGE = 2;

  /** An unexpected failure inside ha4j. */
  public static final int INTERNAL_ERROR = 3;

  /** The cluster's coordination service did not answer (unreachable, no quorum, timeout). */
  public static final int UNAVAILABLE = 4;

  /** A failover drill failed: not healthy again within its limit, or active on two nodes at once. */
  public static final int DRILL_FAILED = 5;

  private ExitCodes() {}
}
