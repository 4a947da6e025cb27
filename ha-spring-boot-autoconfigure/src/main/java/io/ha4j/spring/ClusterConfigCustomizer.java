package io.ha4j.spring;

import io.ha4j.ClusterConfig;

/**
 * Adds to the cluster configuration made from {@code ha4j.*} properties and {@link ManagedResource}
 * beans, before it is validated: constraints, more resources, cluster properties. Applied in {@link
 * org.springframework.core.annotation.Order}.
 *
 * <pre>{@code
 * @Bean
 * ClusterConfigCustomizer apart() {
 *   return config -> config.colocation("report-builder", "billing-scheduler", -Score.INFINITY);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ClusterConfigCustomizer {

  /** Customizes the configuration builder. */
  void customize(ClusterConfig.Builder config);
}
