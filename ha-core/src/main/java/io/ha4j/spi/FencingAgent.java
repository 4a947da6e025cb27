package io.ha4j.spi;

import java.time.Duration;

/**
 * Fences nodes: powers them off or reboots them through something outside the node (an IPMI
 * board, a hypervisor, a cloud API, a switch port), and confirms it. A confirmed fence lets the
 * controller recover a lost node's resources at once, instead of waiting for the node's lease (plus a
 * margin) to run out.
 *
 * <p>Implementations must be thread-safe; the runtime enforces {@code timeout}.
 */
public interface FencingAgent {

  /** The agent's name, for logs and status. */
  String name();

  /** Whether this agent can fence the given node. */
  boolean canFence(String nodeId);

  /**
   * Performs {@code action} on {@code nodeId}.
   *
   * @return {@link OcfStatus#SUCCESS} only when the action is confirmed done (for STATUS: the node
   *     is on; {@link OcfStatus#NOT_RUNNING}: it is off)
   */
  AgentResult fence(String nodeId, FenceAction action, Duration timeout) throws Exception;
}
