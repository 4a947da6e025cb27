package io.ha4j.agents;

import io.ha4j.spi.ResourceAgent;
import io.ha4j.spi.ResourceAgentProvider;

/**
 * A {@link java.util.ServiceLoader} provider for one {@code ocf:PROVIDER:TYPE}, serving
 * {@link OcfAgents#forType(String)}. The nested classes cover the agents a Pacemaker user most often
 * names; any other installed OCF agent is reached through {@link OcfAgents#forType(String)} (the
 * SPI has no way to say "every {@code ocf:} type", see the module README).
 */
public abstract class OcfAgentProvider implements ResourceAgentProvider {

  private final String type;

  /** A provider for {@code type}, which must be {@code ocf:PROVIDER:TYPE}. */
  protected OcfAgentProvider(String type) {
    if (!OcfAgents.isOcfType(type)) {
      throw new IllegalArgumentException("not an OCF agent type: " + type);
    }
    this.type = type;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final ResourceAgent agent() {
    return OcfAgents.forType(type);
  }

  /** {@code ocf:heartbeat:IPaddr2}. */
  public static final class IPaddr2 extends OcfAgentProvider {
    /** The provider. */
    public IPaddr2() {
      super("ocf:heartbeat:IPaddr2");
    }
  }

  /** {@code ocf:heartbeat:IPaddr}. */
  public static final class IPaddr extends OcfAgentProvider {
    /** The provider. */
    public IPaddr() {
      super("ocf:heartbeat:IPaddr");
    }
  }

  /** {@code ocf:heartbeat:IPsrcaddr}. */
  public static final class IPsrcaddr extends OcfAgentProvider {
    /** The provider. */
    public IPsrcaddr() {
      super("ocf:heartbeat:IPsrcaddr");
    }
  }

  /** {@code ocf:heartbeat:apache}. */
  public static final class Apache extends OcfAgentProvider {
    /** The provider. */
    public Apache() {
      super("ocf:heartbeat:apache");
    }
  }

  /** {@code ocf:heartbeat:nginx}. */
  public static final class Nginx extends OcfAgentProvider {
    /** The provider. */
    public Nginx() {
      super("ocf:heartbeat:nginx");
    }
  }

  /** {@code ocf:heartbeat:Dummy}. */
  public static final class Dummy extends OcfAgentProvider {
    /** The provider. */
    public Dummy() {
      super("ocf:heartbeat:Dummy");
    }
  }

  /** {@code ocf:pacemaker:Dummy}. */
  public static final class PacemakerDummy extends OcfAgentProvider {
    /** The provider. */
    public PacemakerDummy() {
      super("ocf:pacemaker:Dummy");
    }
  }

  /** {@code ocf:pacemaker:ping}. */
  public static final class Ping extends OcfAgentProvider {
    /** The provider. */
    public Ping() {
      super("ocf:pacemaker:ping");
    }
  }

  /** {@code ocf:heartbeat:Filesystem}. */
  public static final class Filesystem extends OcfAgentProvider {
    /** The provider. */
    public Filesystem() {
      super("ocf:heartbeat:Filesystem");
    }
  }

  /** {@code ocf:heartbeat:anything}. */
  public static final class Anything extends OcfAgentProvider {
    /** The provider. */
    public Anything() {
      super("ocf:heartbeat:anything");
    }
  }

  /** {@code ocf:heartbeat:mysql}. */
  public static final class Mysql extends OcfAgentProvider {
    /** The provider. */
    public Mysql() {
      super("ocf:heartbeat:mysql");
    }
  }

  /** {@code ocf:heartbeat:pgsql}. */
  public static final class Pgsql extends OcfAgentProvider {
    /** The provider. */
    public Pgsql() {
      super("ocf:heartbeat:pgsql");
    }
  }

  /** {@code ocf:heartbeat:LVM-activate}. */
  public static final class LvmActivate extends OcfAgentProvider {
    /** The provider. */
    public LvmActivate() {
      super("ocf:heartbeat:LVM-activate");
    }
  }

  /** {@code ocf:heartbeat:nfsserver}. */
  public static final class NfsServer extends OcfAgentProvider {
    /** The provider. */
    public NfsServer() {
      super("ocf:heartbeat:nfsserver");
    }
  }

  /** {@code ocf:heartbeat:exportfs}. */
  public static final class Exportfs extends OcfAgentProvider {
    /** The provider. */
    public Exportfs() {
      super("ocf:heartbeat:exportfs");
    }
  }

  /** {@code ocf:heartbeat:Route}. */
  public static final class Route extends OcfAgentProvider {
    /** The provider. */
    public Route() {
      super("ocf:heartbeat:Route");
    }
  }

  /** {@code ocf:heartbeat:podman}. */
  public static final class Podman extends OcfAgentProvider {
    /** The provider. */
    public Podman() {
      super("ocf:heartbeat:podman");
    }
  }

  /** {@code ocf:heartbeat:docker}. */
  public static final class Docker extends OcfAgentProvider {
    /** The provider. */
    public Docker() {
      super("ocf:heartbeat:docker");
    }
  }
}
