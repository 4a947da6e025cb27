package io.ha4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method only while this node is the cluster's leader (controller); elsewhere the call
 * is skipped and returns {@code null}, {@code Optional.empty()}, {@code false} or zero. Typical use:
 * a {@code @Scheduled} job that must run once in the cluster.
 *
 * <pre>{@code
 * @Scheduled(fixedDelay = 60_000)
 * @OnLeader
 * void purgeExpiredSessions() {
 *   repository.purge(leadership.epoch());   // hand the epoch to systems that can reject a stale leader
 * }
 * }</pre>
 *
 * The check is made when the call begins; leadership can end while the method runs, so pass
 * {@link LeadershipContext#epoch()} to downstream systems that can refuse an older epoch. For work
 * that must run on exactly one node at a time and move on failure, prefer {@link ManagedResource}:
 * it is placed by the cluster (and can run anywhere), while leadership only follows the
 * coordination backend. Works on Spring proxies, so the method must be public and called through
 * the bean (not from the same class).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnLeader {}
