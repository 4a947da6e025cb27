package io.ha4j.spring.autoconfigure;

import io.ha4j.ClusterConfig;
import io.ha4j.ConfigViolation;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jNode;
import io.ha4j.Timing;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.RaftCoordinatorConfig;
import io.ha4j.raft.RaftTlsConfig;
import io.ha4j.raft.RaftTiming;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spring.ClusterConfigCustomizer;
import io.ha4j.spring.Ha4jApplicationEvent;
import io.ha4j.spring.Ha4jBuilderCustomizer;
import io.ha4j.spring.LeadershipContext;
import io.ha4j.spring.ManagedResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Runs one ha4j node in the application: a {@link Coordinator} (embedded Raft by default, or
 * ZooKeeper), the {@link ClusterConfig} made from {@code ha4j.*} properties, {@link ManagedResource}
 * beans and {@link ClusterConfigCustomizer}s, the {@link Ha4jNode} (customizable with {@link
 * Ha4jBuilderCustomizer}s), its {@link Ha4jNodeLifecycle}, a {@link LeadershipContext}, and the
 * post-processors behind {@code @ManagedResource} and {@code @OnLeader}. Every bean backs off when
 * the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(Ha4jNode.class)
@ConditionalOnBooleanProperty(prefix = "ha4j", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(Ha4jProperties.class)
@Import(ZooKeeperBackendConfiguration.class)
public class Ha4jAutoConfiguration {

  static final Logger log = LoggerFactory.getLogger(Ha4jAutoConfiguration.class);

  /** Keeps {@code @ManagedResource} SmartLifecycle beans from auto-starting. */
  @Bean
  @ConditionalOnMissingBean
  static ManagedResourceBeanPostProcessor ha4jManagedResourceBeanPostProcessor() {
    return new ManagedResourceBeanPostProcessor();
  }

  /** Makes {@code @OnLeader} methods run only on the leader. */
  @Bean
  @ConditionalOnMissingBean
  static OnLeaderBeanPostProcessor ha4jOnLeaderBeanPostProcessor() {
    return new OnLeaderBeanPostProcessor();
  }

  /** The node and what hangs off it; not on a Raft witness, which only votes. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(WitnessCondition.class)
  static class NodeConfiguration {

    /** The cluster configuration written to the store when it holds none. */
    @Bean
    @ConditionalOnMissingBean
    ClusterConfig ha4jClusterConfig(Ha4jProperties properties, ConfigurableListableBeanFactory beanFactory,
        ObjectProvider<ClusterConfigCustomizer> customizers) {
      List<ConfigViolation> problems = new ArrayList<>();
      List<ClusterConfigFactory.ManagedBean> beans = ClusterConfigFactory.managedBeans(beanFactory, problems);
      return ClusterConfigFactory.create(properties, beans, problems, customizers.orderedStream().toList());
    }

    /** The node (started by {@link Ha4jNodeLifecycle}). */
    @Bean
    @ConditionalOnMissingBean
    Ha4jNode ha4jNode(Ha4jProperties properties, ObjectProvider<Coordinator> coordinator, ClusterConfig config,
        ConfigurableListableBeanFactory beanFactory, ObjectProvider<Ha4jBuilderCustomizer> customizers,
        ApplicationEventPublisher publisher) {
      if (properties.getNodeId() == null || properties.getNodeId().isBlank()) {
        throw new Ha4jConfigException(List.of(new ConfigViolation("ha4j.node-id", "required: this node's id")));
      }
      Coordinator c = coordinator.getIfAvailable();
      if (c == null) {
        throw new Ha4jConfigException(List.of(new ConfigViolation("ha4j.backend", "no Coordinator for backend "
            + properties.getBackend() + (properties.getBackend() == Ha4jProperties.Backend.ZOOKEEPER
                ? ": add io.ha4j:ha-zookeeper to the classpath" : ""))));
      }
      Ha4j.Builder builder = Ha4j.builder()
          .nodeId(properties.getNodeId())
          .coordinator(c)
          .configuration(config)
          .replaceStoredConfiguration(properties.isReplaceStoredConfiguration())
          .timing(timing(properties.getTiming()))
          .agent(SpringBeanAgent.TYPE, new SpringBeanAgent(beanFactory));
      Set<String> managed = new HashSet<>(List.of(beanFactory.getBeanNamesForAnnotation(ManagedResource.class)));
      for (String name : beanFactory.getBeanNamesForType(ResourceAgent.class, false, false)) {
        if (!managed.contains(name)) {
          ResourceAgent agent = beanFactory.getBean(name, ResourceAgent.class);
          builder.agent(agent.metadata().type(), agent);
        }
      }
      Ha4jNode[] self = new Ha4jNode[1];
      builder.listener(event -> {
        if (self[0] != null) {
          try {
            publisher.publishEvent(new Ha4jApplicationEvent<>(self[0], event));
          } catch (RuntimeException e) {
            log.debug("could not publish {}: {}", event, e.toString());
          }
        }
      });
      customizers.orderedStream().forEach(cu -> cu.customize(builder));
      self[0] = builder.build();
      return self[0];
    }

    /** Starts the node with the context and hands its resources over on shutdown. */
    @Bean
    @ConditionalOnMissingBean
    Ha4jNodeLifecycle ha4jNodeLifecycle(Ha4jNode node) {
      return new Ha4jNodeLifecycle(node);
    }

    /** This node's view of leadership. */
    @Bean
    @ConditionalOnMissingBean
    LeadershipContext ha4jLeadershipContext(Ha4jNode node) {
      return new NodeLeadershipContext(node);
    }
  }

  /** The preset, with the overrides that are set. */
  static Timing timing(Ha4jProperties.TimingSettings t) {
    Timing base = switch (t.getPreset()) {
      case LAN_FAST -> Timing.LAN_FAST;
      case WAN -> Timing.WAN;
      case DEFAULT -> Timing.DEFAULT;
    };
    if (t.getFenceDelay() == null && t.getSelfFenceLead() == null && t.getDefaultOperationTimeout() == null
        && t.getRescheduleDelay() == null) {
      return base;
    }
    return new Timing(base.name() + "*", base.session(),
        Optional.ofNullable(t.getFenceDelay()).orElse(base.fenceDelay()),
        Optional.ofNullable(t.getSelfFenceLead()).orElse(base.selfFenceLead()),
        Optional.ofNullable(t.getDefaultOperationTimeout()).orElse(base.defaultOperationTimeout()),
        Optional.ofNullable(t.getRescheduleDelay()).orElse(base.rescheduleDelay()));
  }

  /** The embedded Raft backend (the default). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RaftCoordinator.class)
  @ConditionalOnProperty(prefix = "ha4j", name = "backend", havingValue = "raft", matchIfMissing = true)
  static class RaftBackendConfiguration {

    /** Starts this node's Raft peer; closed after the node. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Coordinator.class)
    RaftCoordinator ha4jCoordinator(Ha4jProperties properties) {
      return RaftCoordinator.start(raftConfig(properties));
    }

    static RaftCoordinatorConfig raftConfig(Ha4jProperties properties) {
      List<ConfigViolation> problems = new ArrayList<>();
      Ha4jProperties.Raft raft = properties.getRaft();
      RaftTlsConfig tls = raftTls(properties.getTls(), problems);
      if (raft.getStorageDir() == null) {
        problems.add(new ConfigViolation("ha4j.raft.storage-dir", "required: where this node keeps its Raft log"));
      }
      if (properties.getNodeId() == null || properties.getNodeId().isBlank()) {
        problems.add(new ConfigViolation("ha4j.node-id", "required: this node's id (one of the Raft peers)"));
      }
      RaftCoordinatorConfig.Builder b = RaftCoordinatorConfig.builder()
          .nodeId(properties.getNodeId())
          .storageDir(raft.getStorageDir())
          .timing(RaftTiming.valueOf(properties.getTiming().getPreset().name()))
          .clusterName(raft.getClusterName())
          .snapshotEvery(raft.getSnapshotEvery())
          .allowUnsafeTwoNode(raft.isAllowUnsafeTwoNode())
          .tls(tls);
      for (int i = 0; i < raft.getPeers().size(); i++) {
        try {
          b.peers(raft.getPeers().get(i));
        } catch (IllegalArgumentException e) {
          problems.add(new ConfigViolation("ha4j.raft.peers[" + i + "]", e.getMessage()));
        }
      }
      if (!problems.isEmpty()) {
        throw new Ha4jConfigException(problems);
      }
      try {
        return b.build();
      } catch (Ha4jConfigException e) {
        throw new Ha4jConfigException(e.violations().stream()
            .map(v -> new ConfigViolation(springPath(v.path()), v.message())).toList());
      }
    }

    /**
     * {@code ha4j.tls} for Raft: mutual TLS over gRPC. Key and trust stores are PKCS12 or JKS (detected
     * from the file) or, with type PEM, PEM files (the key store then holds the certificate chain and
     * the unencrypted PKCS#8 key, the trust store the CA certificates).
     */
    static RaftTlsConfig raftTls(Ha4jProperties.Tls tls, List<ConfigViolation> problems) {
      if (!tls.isEnabled()) {
        return null;
      }
      int before = problems.size();
      if (tls.getKeyStore() == null) {
        problems.add(new ConfigViolation("ha4j.tls.key-store", "required when TLS is enabled (mutual TLS)"));
      }
      if (tls.getTrustStore() == null) {
        problems.add(new ConfigViolation("ha4j.tls.trust-store", "required when TLS is enabled (mutual TLS)"));
      }
      if (!tls.isHostnameVerification()) {
        problems.add(new ConfigViolation("ha4j.tls.hostname-verification",
            "cannot be turned off with the Raft backend: a node's certificate must name its peer address"));
      }
      boolean pemKey = isPem(tls.getKeyStoreType(), "ha4j.tls.key-store-type", problems);
      boolean pemTrust = isPem(tls.getTrustStoreType(), "ha4j.tls.trust-store-type", problems);
      if (problems.size() > before) {
        return null;
      }
      Path key = Path.of(tls.getKeyStore());
      Path trust = Path.of(tls.getTrustStore());
      return new RaftTlsConfig(
          pemKey ? null : key, tls.getKeyStorePassword(), pemTrust ? null : trust, tls.getTrustStorePassword(),
          pemKey ? key : null, pemKey ? key : null, pemTrust ? trust : null);
    }

    private static boolean isPem(String type, String path, List<ConfigViolation> problems) {
      if (type == null || type.equalsIgnoreCase("PKCS12") || type.equalsIgnoreCase("JKS")) {
        return false;
      }
      if (type.equalsIgnoreCase("PEM")) {
        return true;
      }
      problems.add(new ConfigViolation(path, "must be PKCS12, JKS or PEM, was '" + type + "'"));
      return false;
    }

    /** raft.tls.keyStorePassword -> ha4j.tls.key-store-password; raft.x -> ha4j.raft.x. */
    private static String springPath(String path) {
      if (path.startsWith("raft.tls.")) {
        String field = path.substring("raft.tls.".length());
        return "ha4j.tls." + kebab(switch (field) {
          case "certificateChain", "privateKey" -> "keyStore";
          case "trustedCertificates" -> "trustStore";
          default -> field;
        });
      }
      return "ha4j." + kebab(path);
    }

    private static String kebab(String path) {
      return path.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
  }
}
