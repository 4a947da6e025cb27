package io.ha4j.scheduler;

/**
 * An action the cluster must run, on one node.
 *
 * @param id index of the action in {@link Transition#actions()}
 * @param type start, stop or fence
 * @param resource the primitive, or {@code null} for a fence
 * @param node where the action runs (for a fence: the node to fence)
 * @param reason why it is needed, or {@code null}
 */
public record PlannedAction(int id, ActionType type, String resource, String node, String reason) {}
