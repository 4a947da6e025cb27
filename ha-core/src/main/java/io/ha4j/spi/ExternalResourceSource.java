package io.ha4j.spi;

import java.util.List;

/**
 * Optionally implemented by a {@link ResourceAgent} whose resources live outside the JVM: tells the
 * runtime which external resources a started resource holds, so that the {@link
 * ExternalResourceGuard} can remove them if the JVM dies.
 */
public interface ExternalResourceSource {

  /** The external resources the resource described by {@code context} holds once started. */
  List<ExternalResource> externalResources(AgentContext context);
}
