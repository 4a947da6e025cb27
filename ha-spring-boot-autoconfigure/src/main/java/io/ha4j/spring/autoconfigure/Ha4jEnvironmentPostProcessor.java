package io.ha4j.spring.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets the logger {@code org.apache.ratis} to WARN unless the application says otherwise: Ratis logs
 * every election, snapshot and client retry at INFO. The default is the last property source, so any
 * {@code logging.level.org.apache.ratis} setting wins.
 */
public final class Ha4jEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Creates the post-processor (instantiated by Spring Boot). */
  public Ha4jEnvironmentPostProcessor() {}

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getPropertySources().contains("ha4jDefaults")) {
      environment.getPropertySources().addLast(new MapPropertySource("ha4jDefaults",
          Map.of("logging.level.org.apache.ratis", "WARN")));
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
