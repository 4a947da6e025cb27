package io.ha4j.guard;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ExternalResourceSource;
import io.ha4j.spi.ResourceAgent;
import java.util.List;
import java.util.Map;

/**
 * A minimal IP address agent for the end-to-end test: {@code ip -n NETNS addr add|del|show} in this
 * node's own namespace (each node JVM gets its own), and tells the runtime that the address is an
 * external resource so that the guard removes it when the JVM dies. Parameters: {@code ip}
 * (address/prefix) and {@code device}.
 */
final class NetnsAddressAgent implements ResourceAgent, ExternalResourceSource {
  static final String TYPE = "test:netns-ip";

  private final String netns;

  NetnsAddressAgent(String netns) {
    this.netns = netns;
  }

  @Override
  public AgentMetadata metadata() {
    return new AgentMetadata(TYPE, "an address in this node's network namespace", List.of(
        new AgentMetadata.Parameter("ip", true, null, "address/prefix"),
        new AgentMetadata.Parameter("device", true, null, "interface")), Map.of());
  }

  @Override
  public AgentResult start(AgentContext c) {
    Run r = ip("addr", "add", c.param("ip", null), "dev", c.param("device", null));
    return r.exit == 0 || r.output.contains("File exists") ? AgentResult.success() : AgentResult.failed(r.output);
  }

  @Override
  public AgentResult stop(AgentContext c) {
    Run r = ip("addr", "del", c.param("ip", null), "dev", c.param("device", null));
    return r.exit == 0 || r.output.contains("Cannot assign") || r.output.contains("not found")
        ? AgentResult.success() : AgentResult.failed(r.output);
  }

  @Override
  public AgentResult monitor(AgentContext c) {
    Run r = ip("-o", "addr", "show", "dev", c.param("device", null));
    if (r.exit != 0) {
      return AgentResult.failed(r.output);
    }
    return r.output.contains(" inet " + c.param("ip", null) + " ") ? AgentResult.success() : AgentResult.notRunning();
  }

  @Override
  public List<ExternalResource> externalResources(AgentContext c) {
    return List.of(new ExternalResource(c.resourceId(), GuardProcessAdapter.IP_ADDRESS,
        Map.of("address", c.param("ip", null), "device", c.param("device", null), "netns", netns)));
  }

  private record Run(int exit, String output) {}

  private Run ip(String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "ip";
    cmd[1] = "-n";
    cmd[2] = netns;
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      return new Run(0, TestNamespace.run(cmd));
    } catch (IllegalStateException e) {
      return new Run(1, e.getMessage());
    }
  }
}
