package io.ha4j;

/**
 * "Place {@code resource} with {@code withResource}" at a score. The dependent ({@code resource}) is
 * placed after its primary ({@code withResource}) and follows it; {@code +INFINITY} means "only where
 * the primary runs" (and not at all if it does not run), {@code -INFINITY} means "never where the
 * primary runs", finite scores are preferences. The dependent's own preferences pull the primary too.
 *
 * @param id unique id
 * @param resource the dependent resource
 * @param withResource the primary resource
 * @param score the strength, see {@link Score}
 */
public record Colocation(String id, String resource, String withResource, int score)
    implements Constraint {}
