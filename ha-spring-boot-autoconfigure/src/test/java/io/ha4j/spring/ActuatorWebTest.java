package io.ha4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import io.ha4j.Ha4jNode;
import io.ha4j.TargetRole;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * One Spring Boot web application (Tomcat, actuator, Spring Security, Micrometer) running a
 * single-node cluster over the embedded Raft backend: the ha4j endpoint reads the status, its write
 * operations are refused without credentials and work with them, health and metrics report the
 * node, and closing the context stops the managed bean through the cluster.
 */
class ActuatorWebTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class WebApp {
    @Bean
    @ManagedResource(id = "worker", monitorInterval = "1s")
    Worker worker(@Value("${ha4j.node-id}") String node) {
      return new Worker("worker", node);
    }

    @Bean
    Ha4jBuilderCustomizer noHalt() {
      return b -> b.halt(MemoryClusterConfiguration.HALTS::add);
    }

    /** Health is public; everything else needs the ADMIN role; HTTP basic, no CSRF on the API. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(a -> a.requestMatchers(EndpointRequest.to("health")).permitAll()
              .anyRequest().hasRole("ADMIN"))
          .httpBasic(withDefaults())
          .csrf(c -> c.disable());
      return http.build();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  @Test
  void endpointHealthAndMetricsOverHttpWithSecurity() throws Exception {
    Worker.reset();
    Path dir = Files.createTempDirectory("ha4j-web");
    int raftPort;
    try (ServerSocket s = new ServerSocket(0)) {
      raftPort = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(WebApp.class).properties(
        "spring.main.banner-mode=off",
        "server.port=0",
        "server.address=127.0.0.1",
        "spring.security.user.name=admin",
        "spring.security.user.password=secret",
        "spring.security.user.roles=ADMIN",
        "management.endpoints.web.exposure.include=health,ha4j,metrics",
        "management.endpoint.health.show-details=always",
        "ha4j.node-id=solo",
        "ha4j.raft.peers=solo@127.0.0.1:" + raftPort,
        "ha4j.raft.storage-dir=" + dir).run();
    try {
      String base = "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort() + "/actuator";
      long t1 = System.nanoTime();
      Awaitility.await("worker started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> Worker.runningOn("worker").equals(Set.of("solo")));
      System.out.printf("ActuatorWebTest: context up in %d ms, worker started %d ms later%n",
          (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);

      HttpResponse<String> health = get(base + "/health", false);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"ha4j\":{").contains("\"status\":\"UP\"").contains("\"resources\":[\"worker\"]");

      assertThat(get(base + "/ha4j", false).statusCode()).isEqualTo(401);
      HttpResponse<String> status = get(base + "/ha4j", true);
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("\"quorate\":true").contains("\"leader\":\"solo\"")
          .contains("\"id\":\"worker\"").contains("\"activeOn\":[\"solo\"]");
      HttpResponse<String> explain = get(base + "/ha4j/worker", true);
      assertThat(explain.body()).contains("\"placedOn\":\"solo\"");

      // a write without credentials is refused and changes nothing
      HttpResponse<String> refused = post(base + "/ha4j/disable/worker", "{}", false);
      assertThat(refused.statusCode()).isEqualTo(401);
      Ha4jNode node = ctx.getBean(Ha4jNode.class);
      assertThat(node.config().resource("worker").orElseThrow().meta().targetRole()).isNull();

      HttpResponse<String> disabled = post(base + "/ha4j/disable/worker", "{}", true);
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
      Awaitility.await("worker stopped").atMost(Duration.ofSeconds(30))
          .until(() -> Worker.runningOn("worker").isEmpty());
      assertThat(node.config().resource("worker").orElseThrow().meta().targetRole()).isEqualTo(TargetRole.STOPPED);
      assertThat(post(base + "/ha4j/move/worker", "{}", true).statusCode()).as("move needs a node").isEqualTo(400);
      assertThat(post(base + "/ha4j/explode/worker", "{}", true).statusCode()).isEqualTo(400);
      assertThat(post(base + "/ha4j/enable/worker", "{}", true).statusCode()).isEqualTo(200);
      Awaitility.await("worker started again").atMost(Duration.ofSeconds(30))
          .until(() -> Worker.runningOn("worker").equals(Set.of("solo")));
      HttpResponse<String> moved = post(base + "/ha4j/move/worker", "{\"node\":\"solo\",\"lifetime\":\"10m\"}", true);
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      assertThat(get(base + "/ha4j", true).body()).contains("\"id\":\"cli-prefer-worker\"");

      HttpResponse<String> leader = get(base + "/metrics/ha4j.leader", true);
      assertThat(leader.body()).contains("\"value\":1.0");
      HttpResponse<String> durations = get(base + "/metrics/ha4j.action.duration", true);
      assertThat(durations.body()).contains("\"COUNT\"").contains("\"resource\"");
    } finally {
      Worker worker = ctx.getBean("worker", Worker.class);
      long c0 = System.nanoTime();
      ctx.close();
      System.out.printf("ActuatorWebTest: context closed in %d ms%n", (System.nanoTime() - c0) / 1_000_000);
      assertThat(worker.isRunning()).isFalse();
      assertThat(worker.stops()).as("stopped by the cluster on shutdown (once per start)").isEqualTo(worker.starts());
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private HttpResponse<String> get(String url, boolean auth) throws IOException, InterruptedException {
    return http.send(request(url, auth).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String json, boolean auth) throws IOException, InterruptedException {
    return http.send(request(url, auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String url, boolean auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (auth) {
      b.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }
}
