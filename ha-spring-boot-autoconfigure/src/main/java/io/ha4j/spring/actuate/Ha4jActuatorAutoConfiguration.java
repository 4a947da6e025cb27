package io.ha4j.spring.actuate;

import io.ha4j.Ha4jNode;
import io.ha4j.spi.Coordinator;
import io.ha4j.spring.autoconfigure.Ha4jAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code ha4j} actuator endpoint, the {@code ha4j} health indicator and the Micrometer meters,
 * each when its library is on the classpath and a {@link Ha4jNode} exists; each backs off to a bean
 * of the same type.
 */
@AutoConfiguration(after = Ha4jAutoConfiguration.class)
@ConditionalOnBean(Ha4jNode.class)
public class Ha4jActuatorAutoConfiguration {

  /** The endpoint, when exposed and available. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(Ha4jEndpoint.class)
    Ha4jEndpoint ha4jEndpoint(Ha4jNode node) {
      return new Ha4jEndpoint(node);
    }
  }

  /** The health indicator {@code ha4j} ({@code management.health.ha4j.enabled=false} turns it off). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "ha4jHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("ha4j")
    Ha4jHealthIndicator ha4jHealthIndicator(Ha4jNode node, ObjectProvider<Coordinator> coordinator) {
      return new Ha4jHealthIndicator(node, coordinator.getIfAvailable());
    }
  }

  /** The meters, bound by Spring Boot's metrics auto-configuration to the application's registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Ha4jMetrics ha4jMetrics(Ha4jNode node, ObjectProvider<Coordinator> coordinator) {
      return new Ha4jMetrics(node, coordinator.getIfAvailable(), Duration.ofSeconds(5));
    }
  }
}
