package io.ha4j.spring;

import io.ha4j.spi.Coordinator;
import io.ha4j.spi.memory.MemoryEnsemble;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A user configuration that replaces the Raft backend with the in-memory coordinator on a manual
 * clock: nothing happens until the test advances {@link MemoryEnsemble#clock()}.
 */
@Configuration(proxyBeanMethods = false)
public class MemoryClusterConfiguration {

  /** Halts requested by self-fencing (never the JVM). */
  public static final List<String> HALTS = new CopyOnWriteArrayList<>();

  @Bean
  MemoryEnsemble ensemble() {
    return MemoryEnsemble.create();
  }

  @Bean
  Coordinator coordinator(MemoryEnsemble ensemble, @Value("${ha4j.node-id:n1}") String node) {
    return ensemble.connect(node);
  }

  @Bean
  Ha4jBuilderCustomizer virtualTime(MemoryEnsemble ensemble) {
    return b -> b.clock(ensemble.clock()).scheduler(ensemble.clock()).halt(HALTS::add);
  }
}
