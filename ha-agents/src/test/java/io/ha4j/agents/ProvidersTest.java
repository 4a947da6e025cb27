package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.spi.ResourceAgentProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in agents are found through ServiceLoader, under their type strings. */
class ProvidersTest {

  @Test
  void serviceLoaderFindsEveryBuiltInTypeOnce() {
    List<String> types = new ArrayList<>();
    for (ResourceAgentProvider p : ServiceLoader.load(ResourceAgentProvider.class)) {
      types.add(p.type());
      if (p.type().startsWith("ha4j:") || ((OcfAgent) p.agent()).installed()) {
        assertThat(p.agent().metadata().type()).as(p.type()).isEqualTo(p.type());
      }
      assertThat(p.agent()).as("shared instance").isSameAs(p.agent());
    }
    assertThat(types).doesNotHaveDuplicates()
        .contains("ha4j:vip", "ha4j:http", "ha4j:process", "ha4j:systemd", "ocf:heartbeat:IPaddr2",
            "ocf:heartbeat:apache", "ocf:heartbeat:Dummy", "ocf:pacemaker:Dummy");
  }
}
