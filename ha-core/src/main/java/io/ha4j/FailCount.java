package io.ha4j;

import java.time.Instant;

/**
 * How often a resource failed on a node, and when last. All of it expires at
 * {@code lastFailure + failure-timeout} (Pacemaker's rule: one count per resource per node).
 *
 * @param resource the primitive's id
 * @param node the node's name
 * @param count the number of failures, saturating at {@link Score#INFINITY}
 * @param lastFailure the time of the last failure, or {@code null} if unknown (never expires)
 */
public record FailCount(String resource, String node, int count, Instant lastFailure) {}
