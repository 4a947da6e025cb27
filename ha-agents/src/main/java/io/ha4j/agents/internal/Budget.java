package io.ha4j.agents.internal;

import io.ha4j.spi.AgentContext;
import java.time.Duration;

/** Splits an operation's remaining time among the commands it runs. */
public final class Budget {

  private Budget() {}

  /** The time the next command may take: what is left of the operation, at most {@code cap}. */
  public static Duration next(AgentContext context, Duration cap) {
    Duration left = context.remaining();
    return left.compareTo(cap) < 0 ? left : cap;
  }

  /** Whether the operation has no time left. */
  public static boolean exhausted(AgentContext context) {
    return context.remaining().isZero();
  }
}
