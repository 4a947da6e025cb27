package io.ha4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.ClusterConfig;
import io.ha4j.Colocation;
import io.ha4j.ConfigViolation;
import io.ha4j.Group;
import io.ha4j.Ha4j;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import io.ha4j.Primitive;
import io.ha4j.Score;
import io.ha4j.raft.RaftCoordinator;
import io.ha4j.raft.TestPki;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.memory.MemoryEnsemble;
import io.ha4j.spring.actuate.Ha4jActuatorAutoConfiguration;
import io.ha4j.spring.actuate.Ha4jEndpoint;
import io.ha4j.spring.actuate.Ha4jHealthIndicator;
import io.ha4j.spring.actuate.Ha4jMetrics;
import io.ha4j.spring.autoconfigure.Ha4jAutoConfiguration;
import io.ha4j.spring.autoconfigure.Ha4jNodeLifecycle;
import io.ha4j.spring.autoconfigure.Ha4jProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;

/** Conditions, back-off, properties and managed beans, each on a real application context. */
class Ha4jAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class, Ha4jActuatorAutoConfiguration.class,
          EndpointAutoConfiguration.class))
      .withUserConfiguration(MemoryClusterConfiguration.class)
      .withPropertyValues("ha4j.node-id=n1", "ha4j.nodes=n1,n2");

  @Test
  void runsANodeOverTheUsersCoordinatorAndBacksOffRaft() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(Ha4jNode.class).hasSingleBean(Ha4jNodeLifecycle.class)
          .hasSingleBean(LeadershipContext.class).hasSingleBean(ClusterConfig.class)
          .hasSingleBean(Ha4jHealthIndicator.class).hasSingleBean(Ha4jMetrics.class)
          .doesNotHaveBean(RaftCoordinator.class).doesNotHaveBean(Ha4jEndpoint.class); // not exposed
      assertThat(ctx.getBean(Ha4jNode.class).nodeId()).isEqualTo("n1");
      assertThat(ctx.getBean(ClusterConfig.class).nodes()).extracting(io.ha4j.Node::name).containsExactly("n1", "n2");
      assertThat(ctx.getBean(Ha4jNodeLifecycle.class).isRunning()).isTrue();
    });
  }

  @Test
  void disabledMeansNoNode() {
    runner.withPropertyValues("ha4j.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
        .doesNotHaveBean(Ha4jNode.class).doesNotHaveBean(ClusterConfig.class).doesNotHaveBean(Ha4jMetrics.class));
  }

  @Test
  void everyBeanBacksOffToTheApplicationsOwn() {
    runner.withUserConfiguration(UserBeans.class)
        .withPropertyValues("management.endpoints.web.exposure.include=ha4j").run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(ClusterConfig.class)).isSameAs(ctx.getBean("userConfig"));
          assertThat(ctx.getBean(Ha4jNode.class)).isSameAs(ctx.getBean("userNode"));
          assertThat(ctx.getBean(Ha4jNodeLifecycle.class)).isSameAs(ctx.getBean("userLifecycle"));
          assertThat(ctx.getBean(LeadershipContext.class)).isSameAs(ctx.getBean("userLeadership"));
          assertThat(ctx.getBean(Ha4jEndpoint.class)).isSameAs(ctx.getBean("userEndpoint"));
          assertThat(ctx.getBean(Ha4jMetrics.class)).isSameAs(ctx.getBean("userMetrics"));
          assertThat(ctx).getBeans(Ha4jHealthIndicator.class).containsOnlyKeys("ha4jHealthIndicator");
        });
  }

  @Test
  void aRaftWitnessVotesButRunsNoNodeAndNoResource() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class, Ha4jActuatorAutoConfiguration.class))
        .withUserConfiguration(MemoryClusterConfiguration.class, ManagedBeans.class)
        .withPropertyValues("ha4j.node-id=w", "ha4j.raft.peers=a@127.0.0.1:1,b@127.0.0.1:2,w@127.0.0.1:3;witness")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(Coordinator.class).doesNotHaveBean(Ha4jNode.class)
              .doesNotHaveBean(Ha4jHealthIndicator.class);
          assertThat(ctx.getBean("billingScheduler", Flag.class).isRunning()).isFalse();
        });
  }

  @Test
  void endpointExistsWhenExposed() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=ha4j")
        .run(ctx -> assertThat(ctx).hasSingleBean(Ha4jEndpoint.class));
  }

  @Test
  void missingNodeIdIsReportedWithItsProperty() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class))
        .withUserConfiguration(MemoryClusterConfiguration.class).withPropertyValues("ha4j.nodes=n1")
        .run(ctx -> assertThat(ctx).getFailure().rootCause().isInstanceOf(Ha4jConfigException.class)
            .hasMessageContaining("ha4j.node-id"));
  }

  @Test
  void managedBeansBecomeResourcesAndDoNotAutoStart() {
    runner.withUserConfiguration(ManagedBeans.class)
        .withPropertyValues("billing.monitor=5s", "ha4j.groups.billing=billing-scheduler",
            "ha4j.constraints.colocations[0].resource=report-builder",
            "ha4j.constraints.colocations[0].with=billing",
            "ha4j.constraints.colocations[0].score=-INFINITY")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          ClusterConfig config = ctx.getBean(ClusterConfig.class);
          Group billing = (Group) config.resource("billing").orElseThrow();
          assertThat(billing.members()).extracting(Primitive::id).containsExactly("billing-scheduler", "invoicer");
          Primitive scheduler = billing.members().get(0);
          assertThat(scheduler.agent()).isEqualTo("spring:bean");
          assertThat(scheduler.parameters()).containsEntry("bean", "billingScheduler");
          assertThat(scheduler.meta().stickiness()).isEqualTo(200);
          assertThat(scheduler.meta().migrationThreshold()).isEqualTo(3);
          assertThat(scheduler.operations()).singleElement().satisfies(op -> {
            assertThat(op.interval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(op.timeout()).isEqualTo(Duration.ofSeconds(20));
          });
          Primitive reports = (Primitive) config.resource("report-builder").orElseThrow();
          assertThat(reports.parameters()).containsEntry("bean", "reports");
          assertThat(config.constraints()).contains(
              new Colocation("colocation-report-builder-billing", "report-builder", "billing", -Score.INFINITY),
              new Colocation("extra", "invoicer", "report-builder", 50));
          // Spring started the ordinary SmartLifecycle bean, not the managed one
          assertThat(ctx.getBean("plain", Flag.class).isRunning()).isTrue();
          assertThat(ctx.getBean("billingScheduler", Flag.class).isRunning()).isFalse();
        });
  }

  @Test
  void theClusterStartsManagedBeansOnlyWhereItPlacesThem() {
    runner.withUserConfiguration(ManagedBeans.class).run(ctx -> {
      MemoryEnsemble ensemble = ctx.getBean(MemoryEnsemble.class);
      Flag scheduler = ctx.getBean("billingScheduler", Flag.class);
      assertThat(scheduler.isRunning()).isFalse();
      // n2 is configured but never joins; n1 is alone and runs everything
      advanceUntil(ensemble, scheduler::isRunning);
      Methods methods = ctx.getBean(Methods.class);
      assertThat(methods.running).isTrue();
      assertThat(methods.epochSeen).isPositive();
      ctx.getBean(Ha4jNode.class).disable("invoicer");
      advanceUntil(ensemble, () -> !methods.running);
      assertThat(scheduler.isRunning()).isTrue();
    });
  }

  /**
   * Advances the virtual clock in half-second steps until the condition holds. Actions run on the
   * node's own threads, so each step also gives them real time; a bounded wait, not a fixed count
   * of steps (under CI load twenty back-to-back steps finished before the stop had run).
   */
  private static void advanceUntil(MemoryEnsemble ensemble, java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (condition.call()) {
            return true;
          }
          ensemble.clock().advance(Duration.ofMillis(500));
          return false;
        });
  }

  @Test
  void onLeaderMethodsRunOnlyOnTheLeaderAndEventsArePublished() {
    runner.withUserConfiguration(LeaderOnly.class).run(ctx -> {
      LeaderOnly job = ctx.getBean(LeaderOnly.class);
      assertThat(job.run()).isNull();
      assertThat(job.maybe()).isEmpty();
      assertThat(job.count()).isZero();
      ctx.getBean(MemoryEnsemble.class).clock().advance(Duration.ofSeconds(2));
      assertThat(ctx.getBean(LeadershipContext.class).isLeader()).isTrue();
      assertThat(job.run()).isEqualTo("ran at epoch " + ctx.getBean(LeadershipContext.class).epoch());
      assertThat(job.maybe()).contains("yes");
      assertThat(job.count()).isEqualTo(2);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> job.events().stream().anyMatch(e -> e instanceof Ha4jEvent.LeadershipGained));
    });
  }

  @Test
  void seedWebClusterFromYamlAlone() throws IOException {
    var yaml = new YamlPropertySourceLoader().load("seed", new ClassPathResource("seed-web-cluster.yml"));
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class))
        .withUserConfiguration(MemoryClusterConfiguration.class) // agents: ha-agents' ServiceLoader providers
        .withInitializer(ctx -> yaml.forEach(ps -> ctx.getEnvironment().getPropertySources().addFirst(ps)))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          ClusterConfig config = ctx.getBean(ClusterConfig.class);
          Group web = (Group) config.resource("WebGroup").orElseThrow();
          assertThat(web.members()).extracting(Primitive::id, Primitive::agent)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("ClusterVIP", "ha4j:vip"),
                  org.assertj.core.groups.Tuple.tuple("WebService", "ha4j:http"));
          assertThat(web.members().get(0).parameters()).containsEntry("ip", "192.0.2.10")
              .containsEntry("cidr_netmask", "24");
          assertThat(web.members().get(1).parameters()).containsEntry("url", "http://localhost/server-status")
              .containsEntry("systemd_unit", "apache2.service");
          assertThat(web.members().get(0).operations()).singleElement().satisfies(op -> {
            assertThat(op.interval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(op.timeout()).isEqualTo(Duration.ofSeconds(20));
          });
          assertThat(config.resourceDefaults().stickiness()).isEqualTo(100);
          assertThat(config.resourceDefaults().migrationThreshold()).isEqualTo(3);
          assertThat(config.properties().startFailureIsFatal()).isFalse();
          assertThat(config.nodes()).hasSize(3);
          assertThat(ctx).hasSingleBean(Ha4jNode.class); // the built-in agents accepted every parameter
        });
  }

  @Test
  void everyInvalidSettingIsReportedWithItsPath() {
    runner.withUserConfiguration(BadBean.class)
        .withPropertyValues("ha4j.groups.web=vip,ghost", "ha4j.resources.vip.agent=ha4j:vip",
            "ha4j.constraints.locations[0].resource=vip", "ha4j.constraints.locations[0].node=n1",
            "ha4j.constraints.locations[0].score=lots")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          Throwable root = ctx.getStartupFailure();
          while (!(root instanceof Ha4jConfigException) && root.getCause() != null) {
            root = root.getCause();
          }
          assertThat(((Ha4jConfigException) root).violations()).extracting(ConfigViolation::path)
              .containsExactlyInAnyOrder("@ManagedResource[bad].monitorInterval", "ha4j.groups.web[1]",
                  "ha4j.constraints.locations[0].score", "@ManagedResource[nothing]", "@ManagedResource[nothing]",
                  "@ManagedResource[nothing]", "@ManagedResource[wrongShape].start");
        });
  }

  @Test
  void raftIsTheDefaultBackend() throws IOException {
    Path dir = Files.createTempDirectory("ha4j-raft-runner");
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class))
        .withPropertyValues("ha4j.node-id=solo", "ha4j.raft.peers=solo@127.0.0.1:" + port,
            "ha4j.raft.storage-dir=" + dir, "ha4j.timing.preset=lan-fast", "ha4j.timing.fence-delay=250ms")
        .withBean(Ha4jBuilderCustomizer.class, () -> b -> b.halt(MemoryClusterConfiguration.HALTS::add))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(RaftCoordinator.class);
          Ha4jNode node = ctx.getBean(Ha4jNode.class);
          assertThat(node.timing().session()).isEqualTo(io.ha4j.Timing.LAN_FAST.session());
          assertThat(node.timing().fenceDelay()).isEqualTo(Duration.ofMillis(250));
          assertThat(ctx.getBean(ClusterConfig.class).nodes()).extracting(io.ha4j.Node::name).containsExactly("solo");
        });
  }

  @Test
  void raftTlsWithoutStoresAndMissingStorageAreNamed() {
    assertThat(raftStartupViolations("ha4j.node-id=a", "ha4j.raft.peers=a@127.0.0.1:1,b@127.0.0.1:2,c@127.0.0.1:3",
            "ha4j.tls.enabled=true"))
        .extracting(ConfigViolation::path)
        .containsExactlyInAnyOrder("ha4j.tls.key-store", "ha4j.tls.trust-store", "ha4j.raft.storage-dir");
  }

  @Test
  void raftTlsFilesAndPasswordsAreCheckedWithTheirPropertyNames() throws IOException {
    Path dir = Files.createTempDirectory("ha4j-raft-tls");
    TestPki pki = new TestPki(dir).ca("ca").cert("a", "ca");
    assertThat(raftStartupViolations("ha4j.node-id=a", "ha4j.raft.peers=a@127.0.0.1:1,b@127.0.0.1:2,c@127.0.0.1:3",
            "ha4j.raft.storage-dir=" + dir, "ha4j.tls.enabled=true", "ha4j.tls.key-store=" + dir.resolve("nope.p12"),
            "ha4j.tls.key-store-password=x", "ha4j.tls.trust-store=" + pki.file("ca-trust.p12"),
            "ha4j.tls.trust-store-password=wrong"))
        .extracting(ConfigViolation::toString)
        .containsExactly("ha4j.tls.key-store: file not found: " + dir.resolve("nope.p12").toAbsolutePath(),
            "ha4j.tls.trust-store-password: wrong password for " + pki.file("ca-trust.p12").toAbsolutePath());
  }

  @Test
  void raftWithTlsStartsOverGrpcFromStoresOrPem() throws IOException {
    Path dir = Files.createTempDirectory("ha4j-raft-tls");
    TestPki pki = new TestPki(dir).ca("ca").cert("solo", "ca");
    // PEM: one file with the certificate chain and the PKCS#8 key
    Path pem = Files.writeString(dir.resolve("solo-all.pem"),
        Files.readString(pki.file("solo.crt.pem")) + Files.readString(pki.file("solo.key.pem")));
    List<List<String>> variants = List.of(
        List.of("ha4j.tls.key-store=" + pki.file("solo.p12"), "ha4j.tls.key-store-password=" + TestPki.PASSWORD,
            "ha4j.tls.trust-store=" + pki.file("ca-trust.p12"), "ha4j.tls.trust-store-password=" + TestPki.PASSWORD),
        List.of("ha4j.tls.key-store=" + pem, "ha4j.tls.key-store-type=PEM",
            "ha4j.tls.trust-store=" + pki.file("ca.pem"), "ha4j.tls.trust-store-type=PEM"));
    for (List<String> tls : variants) {
      int port;
      try (var s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class))
          .withPropertyValues("ha4j.node-id=solo", "ha4j.raft.peers=solo@127.0.0.1:" + port,
              "ha4j.raft.storage-dir=" + Files.createTempDirectory(dir, "storage"), "ha4j.timing.preset=lan-fast",
              "ha4j.tls.enabled=true")
          .withPropertyValues(tls.toArray(String[]::new))
          .withBean(Ha4jBuilderCustomizer.class, () -> b -> b.halt(MemoryClusterConfiguration.HALTS::add))
          .run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(RaftCoordinator.class);
            RaftCoordinator raft = ctx.getBean(RaftCoordinator.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(raft::isLeader);
            raft.put("tls-check", new byte[] {1});
            assertThat(raft.get("tls-check")).isPresent();
          });
    }
  }

  private static List<ConfigViolation> raftStartupViolations(String... properties) {
    List<ConfigViolation> out = new java.util.ArrayList<>();
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Ha4jAutoConfiguration.class))
        .withPropertyValues(properties)
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          Throwable root = ctx.getStartupFailure();
          while (!(root instanceof Ha4jConfigException) && root.getCause() != null) {
            root = root.getCause();
          }
          out.addAll(((Ha4jConfigException) root).violations());
        });
    return out;
  }

  @Test
  void zooKeeperTlsBecomesClientProperties() {
    new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
        .withPropertyValues("ha4j.backend=zookeeper", "ha4j.node-id=a", "ha4j.nodes=a,b",
            "ha4j.zookeeper.connect-string=127.0.0.1:1",
            "ha4j.tls.enabled=true", "ha4j.tls.key-store=/k.p12", "ha4j.tls.key-store-password=pw",
            "ha4j.tls.trust-store=/t.p12", "ha4j.tls.trust-store-password=tpw")
        .run(ctx -> {
          Ha4jProperties props = ctx.getBean(Ha4jProperties.class);
          var zk = io.ha4j.spring.autoconfigure.ZooKeeperTestAccess.config(props);
          assertThat(zk.connectString()).isEqualTo("127.0.0.1:1");
          assertThat(zk.clientProperties()).containsEntry("zookeeper.client.secure", "true")
              .containsEntry("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty")
              .containsEntry("zookeeper.ssl.keyStore.location", "/k.p12")
              .containsEntry("zookeeper.ssl.keyStore.password", "pw")
              .containsEntry("zookeeper.ssl.trustStore.location", "/t.p12")
              .containsEntry("zookeeper.ssl.trustStore.password", "tpw")
              .containsEntry("zookeeper.ssl.hostnameVerification", "true");
        });
  }

  @Configuration(proxyBeanMethods = false)
  @org.springframework.boot.context.properties.EnableConfigurationProperties(Ha4jProperties.class)
  static class PropertiesOnly {}

  @Test
  void healthIsOutOfServiceInStandby() {
    runner.run(ctx -> {
      MemoryEnsemble ensemble = ctx.getBean(MemoryEnsemble.class);
      ensemble.clock().advance(Duration.ofSeconds(2));
      Ha4jHealthIndicator health = ctx.getBean(Ha4jHealthIndicator.class);
      assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
      ctx.getBean(Ha4jNode.class).standby("n1", true);
      ensemble.clock().advance(Duration.ofSeconds(1));
      Health h = health.health(true);
      assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(h.getDetails()).containsEntry("node", "n1").containsEntry("leader", "n1");
      ensemble.partition("n1");
      ensemble.clock().advance(Duration.ofSeconds(5));
      assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
    });
  }

  // ---------------------------------------------------------------- test beans

  /** A SmartLifecycle that only records whether it runs. */
  public static class Flag implements SmartLifecycle {
    private final AtomicBoolean running = new AtomicBoolean();

    @Override
    public void start() {
      running.set(true);
    }

    @Override
    public void stop() {
      running.set(false);
    }

    @Override
    public boolean isRunning() {
      return running.get();
    }
  }

  /** A resource with annotated methods; the start sees the epoch. */
  public static class Methods {
    volatile boolean running;
    volatile long epochSeen;

    @ResourceStart
    public void begin(io.ha4j.spi.AgentContext context) {
      epochSeen = context.epoch();
      running = true;
    }

    @ResourceStop
    public void end() {
      running = false;
    }

    @ResourceMonitor
    public boolean check() {
      return running;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ManagedBeans {
    @Bean
    @ManagedResource(id = "billing-scheduler", group = "billing", stickiness = 200,
        monitorInterval = "${billing.monitor:10s}", migrationThreshold = 3)
    Flag billingScheduler() {
      return new Flag();
    }

    @Bean
    @ManagedResource(id = "invoicer", group = "billing")
    Methods invoicer() {
      return new Methods();
    }

    @Bean
    @ManagedResource(id = "report-builder")
    Flag reports() {
      return new Flag();
    }

    @Bean
    Flag plain() {
      return new Flag();
    }

    @Bean
    ClusterConfigCustomizer extraConstraint() {
      return c -> c.constraint(new Colocation("extra", "invoicer", "report-builder", 50));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BadBean {
    @Bean
    @ManagedResource(monitorInterval = "often")
    Flag bad() {
      return new Flag();
    }

    @Bean
    @ManagedResource
    Object nothing() {
      return new Object();
    }

    @Bean
    @ManagedResource
    WrongShape wrongShape() {
      return new WrongShape();
    }
  }

  /** A start method with an argument the agent cannot supply. */
  public static class WrongShape {
    @ResourceStart
    public void start(String what) {}

    @ResourceStop
    public void stop() {}

    @ResourceMonitor
    public boolean monitor() {
      return false;
    }
  }

  /** A job with leader-only methods. */
  public static class LeaderOnly {
    final LeadershipContext leadership;
    volatile int count;
    final List<Ha4jEvent> events = new CopyOnWriteArrayList<>();

    public LeaderOnly(LeadershipContext leadership) {
      this.leadership = leadership;
    }

    @OnLeader
    public String run() {
      count++;
      return "ran at epoch " + leadership.epoch();
    }

    @OnLeader
    public Optional<String> maybe() {
      count++;
      return Optional.of("yes");
    }

    /** Calls that ran (a method: the bean is a proxy). */
    public int count() {
      return count;
    }

    /** LeadershipGained events received. */
    public List<Ha4jEvent> events() {
      return events;
    }

    @EventListener
    public void on(Ha4jApplicationEvent<Ha4jEvent.LeadershipGained> e) {
      events.add(e.event());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    @Bean
    ClusterConfig userConfig() {
      return ClusterConfig.builder().nodes("n1").build();
    }

    @Bean(destroyMethod = "close")
    Ha4jNode userNode(Coordinator coordinator, ClusterConfig config, MemoryEnsemble ensemble) {
      return Ha4j.builder().nodeId("n1").coordinator(coordinator).configuration(config)
          .clock(ensemble.clock()).scheduler(ensemble.clock()).halt(MemoryClusterConfiguration.HALTS::add).build();
    }

    @Bean
    Ha4jNodeLifecycle userLifecycle(Ha4jNode node) {
      return new Ha4jNodeLifecycle(node);
    }

    @Bean
    LeadershipContext userLeadership() {
      return new LeadershipContext() {
        @Override
        public String nodeId() {
          return "n1";
        }

        @Override
        public boolean isLeader() {
          return false;
        }

        @Override
        public Optional<String> currentLeader() {
          return Optional.empty();
        }

        @Override
        public long epoch() {
          return 0;
        }
      };
    }

    @Bean
    Ha4jEndpoint userEndpoint(Ha4jNode node) {
      return new Ha4jEndpoint(node);
    }

    @Bean(destroyMethod = "close")
    Ha4jMetrics userMetrics(Ha4jNode node) {
      return new Ha4jMetrics(node, null, Duration.ofMinutes(1));
    }

    @Bean
    Ha4jHealthIndicator ha4jHealthIndicator(Ha4jNode node) {
      return new Ha4jHealthIndicator(node, null);
    }
  }
}
