package io.ha4j.agents;

import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.ResourceAgentProvider;

/**
 * {@link java.util.ServiceLoader} providers of the built-in agents, listed in
 * {@code META-INF/services/io.ha4j.spi.ResourceAgentProvider}. Each serves one shared agent in the
 * JVM's own namespaces with default settings; register an agent explicitly to change them (e.g. an
 * {@link HttpServiceAgent} with in-JVM lifecycles).
 */
public final class BuiltInAgentProviders {

  private BuiltInAgentProviders() {}

  /** {@code ha4j:vip}: {@link VipAgent}. */
  public static final class Vip implements ResourceAgentProvider {
    private static final class Shared {
      static final VipAgent AGENT = new VipAgent();
    }

    @Override
    public String type() {
      return VipAgent.TYPE;
    }

    @Override
    public ResourceAgent agent() {
      return Shared.AGENT;
    }
  }

  /** {@code ha4j:http}: {@link HttpServiceAgent} without lifecycles. */
  public static final class Http implements ResourceAgentProvider {
    private static final class Shared {
      static final HttpServiceAgent AGENT = new HttpServiceAgent();
    }

    @Override
    public String type() {
      return HttpServiceAgent.TYPE;
    }

    @Override
    public ResourceAgent agent() {
      return Shared.AGENT;
    }
  }

  /** {@code ha4j:process}: {@link ProcessAgent} with pid files under {@code java.io.tmpdir}. */
  public static final class Process implements ResourceAgentProvider {
    private static final class Shared {
      static final ProcessAgent AGENT = new ProcessAgent();
    }

    @Override
    public String type() {
      return ProcessAgent.TYPE;
    }

    @Override
    public ResourceAgent agent() {
      return Shared.AGENT;
    }
  }

  /** {@code ha4j:systemd}: {@link SystemdAgent}. */
  public static final class Systemd implements ResourceAgentProvider {
    private static final class Shared {
      static final SystemdAgent AGENT = new SystemdAgent();
    }

    @Override
    public String type() {
      return SystemdAgent.TYPE;
    }

    @Override
    public ResourceAgent agent() {
      return Shared.AGENT;
    }
  }
}
