package io.ha4j.spi;

/**
 * Makes a {@link ResourceAgent} discoverable through {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.ha4j.spi.ResourceAgentProvider}.
 */
public interface ResourceAgentProvider {

  /** The agent type string this provider serves, e.g. {@code ha4j:vip}. */
  String type();

  /** The agent (may be a shared instance). */
  ResourceAgent agent();
}
