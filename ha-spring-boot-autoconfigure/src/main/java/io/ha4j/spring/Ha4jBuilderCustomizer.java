package io.ha4j.spring;

import io.ha4j.Ha4j;

/**
 * Adjusts the node builder before the auto-configured {@link io.ha4j.Ha4jNode} is built: register
 * agents or fencing agents, a guard, a listener, a custom {@link io.ha4j.Halt}, and so on. Applied
 * in {@link org.springframework.core.annotation.Order} after the properties; each builder setting
 * may be set once.
 */
@FunctionalInterface
public interface Ha4jBuilderCustomizer {

  /** Customizes the builder. */
  void customize(Ha4j.Builder builder);
}
