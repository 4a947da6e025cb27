package io.ha4j.scheduler;

/**
 * An edge of a transition's action graph: action {@code before} must complete successfully before
 * action {@code after} may begin. Both are ids into {@link Transition#actions()}.
 *
 * @param before the action that runs first
 * @param after the action that waits for it
 */
public record ActionOrdering(int before, int after) {}
