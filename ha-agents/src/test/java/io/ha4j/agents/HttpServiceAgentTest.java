package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP service agent against real servers on 127.0.0.1. */
class HttpServiceAgentTest {

  @TempDir
  Path dir;

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer fixed;

  @AfterEach
  void stop() {
    release.countDown();
    if (fixed != null) {
      fixed.stop(0);
    }
  }

  /** An embedded server as an in-JVM lifecycle, restartable on the same port. */
  final class Embedded implements ServiceLifecycle {
    final int port;
    volatile HttpServer server;

    Embedded() throws IOException {
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
    }

    @Override
    public synchronized void start() {
      if (server == null) {
        // the port of a stopped server is released asynchronously: retry the bind briefly
        HttpServer s = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0),
                java.util.Objects::nonNull);
        s.createContext("/status", ex -> reply(ex, status.get(), "Apache Server Status: ok"));
        s.start();
        server = s;
      }
    }

    @Override
    public synchronized void stop() {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }

    @Override
    public boolean isRunning() {
      return server != null;
    }
  }

  static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Test
  void inJvmLifecycleStartMonitorStop() throws Exception {
    Embedded web = new Embedded();
    HttpServiceAgent agent = HttpServiceAgent.builder().lifecycle("web", web).build();
    Map<String, String> p = Map.of("url", "http://127.0.0.1:" + web.port + "/status", "lifecycle", "web",
        "body_regex", "Server Status: \\w+");

    assertThat(agent.monitor(Contexts.of("web", "probe", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.start(Contexts.of("web", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.monitor(Contexts.of("web", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.start(Contexts.of("web", "start", p)).message()).contains("already answering");

    status.set(503);
    AgentResult bad = agent.monitor(Contexts.of("web", "monitor", p));
    assertThat(bad.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(bad.message()).contains("status 503, expected 200");
    Map<String, String> any5xx = new HashMap<>(p);
    any5xx.put("expected_status", "200, 5xx");
    assertThat(agent.monitor(Contexts.of("web", "monitor", any5xx)).status()).isEqualTo(OcfStatus.SUCCESS);
    status.set(200);

    Map<String, String> otherBody = new HashMap<>(p);
    otherBody.put("body_regex", "^nginx");
    AgentResult wrongBody = agent.monitor(Contexts.of("web", "monitor", otherBody));
    assertThat(wrongBody.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(wrongBody.message()).contains("body does not match /^nginx/");

    assertThat(agent.stop(Contexts.of("web", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.monitor(Contexts.of("web", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.stop(Contexts.of("web", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void aHangingServerIsAnErrorWithinTheRequestTimeout() throws Exception {
    fixed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fixed.createContext("/", ex -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "late");
    });
    fixed.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    fixed.start();
    HttpServiceAgent agent = HttpServiceAgent.builder().lifecycle("noop", new ServiceLifecycle() {
      @Override
      public void start() {}

      @Override
      public void stop() {}
    }).build();
    Map<String, String> p = Map.of("url", "http://127.0.0.1:" + fixed.getAddress().getPort() + "/",
        "lifecycle", "noop", "request_timeout", "300ms");
    long t0 = System.nanoTime();
    AgentResult r = agent.monitor(Contexts.of("slow", "monitor", p));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(r.message()).contains("timed out after 300 ms");
    assertThat(ms).isBetween(250L, 2000L);
  }

  @Test
  void anEndlessBodyIsReadOnlyUpToTheLimit() throws Exception {
    fixed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fixed.createContext("/", ex -> {
      ex.sendResponseHeaders(200, 0);  // chunked, endless
      byte[] junk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream os = ex.getResponseBody()) {
        for (int i = 0; i < 100_000 && release.getCount() > 0; i++) {
          os.write(junk);
        }
      } catch (IOException e) {
        // the agent hung up: expected
      }
    });
    fixed.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    fixed.start();
    HttpServiceAgent agent = HttpServiceAgent.builder().lifecycle("noop", new ServiceLifecycle() {
      @Override
      public void start() {}

      @Override
      public void stop() {}
    }).build();
    Map<String, String> p = Map.of("url", "http://127.0.0.1:" + fixed.getAddress().getPort() + "/",
        "lifecycle", "noop", "body_regex", "x{100}", "request_timeout", "5s");
    AgentResult r = agent.monitor(Contexts.of("endless", "monitor", p));
    assertThat(r.status()).as(r.message()).isEqualTo(OcfStatus.SUCCESS);
  }

  @Test
  void commandDelegatesStartAndStop() throws Exception {
    Path up = dir.resolve("up");
    fixed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fixed.createContext("/", ex -> reply(ex, Files.exists(up) ? 200 : 503, "hello"));
    fixed.start();
    HttpServiceAgent agent = new HttpServiceAgent();
    Map<String, String> p = Map.of("url", "http://127.0.0.1:" + fixed.getAddress().getPort() + "/",
        "start_command", "touch " + up, "stop_command", "/bin/rm -f " + up);
    assertThat(agent.monitor(Contexts.of("cmd", "monitor", p)).status()).isEqualTo(OcfStatus.GENERIC_ERROR);
    assertThat(agent.start(Contexts.of("cmd", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(up).exists();
    assertThat(agent.stop(Contexts.of("cmd", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(up).doesNotExist();
  }

  @Test
  void systemdUnitDelegate() throws Exception {
    Path fake = dir.resolve("systemctl");
    try (java.io.InputStream in = getClass().getResourceAsStream("/fake/systemctl")) {
      Files.copy(in, fake);
    }
    fake.toFile().setExecutable(true);
    Files.createDirectories(dir.resolve("units"));
    Files.writeString(dir.resolve("units/web.service"), "inactive\n");
    fixed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fixed.createContext("/", ex -> reply(ex, 200, "ok"));
    fixed.start();
    HttpServiceAgent agent = HttpServiceAgent.builder()
        .systemd(new SystemdAgent(CommandPrefix.none(), fake.toString())).build();
    Map<String, String> p = Map.of("url", "http://127.0.0.1:" + fixed.getAddress().getPort() + "/",
        "systemd_unit", "web");
    assertThat(agent.monitor(Contexts.of("web", "probe", p)).status()).as("unit inactive")
        .isEqualTo(OcfStatus.NOT_RUNNING);
    assertThat(agent.start(Contexts.of("web", "start", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(Files.readString(dir.resolve("units/web.service")).strip()).isEqualTo("active");
    assertThat(agent.monitor(Contexts.of("web", "monitor", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.stop(Contexts.of("web", "stop", p)).status()).isEqualTo(OcfStatus.SUCCESS);
    assertThat(agent.monitor(Contexts.of("web", "monitor", p)).status()).isEqualTo(OcfStatus.NOT_RUNNING);
  }

  @Test
  void parametersAreChecked() {
    HttpServiceAgent agent = new HttpServiceAgent();
    assertThat(agent.validate(Map.of("url", "ftp://x/", "start_command", "a"))).extracting(v -> v.path())
        .containsExactlyInAnyOrder("parameters[url]", "parameters[stop_command]");
    assertThat(agent.validate(Map.of("url", "http://h/", "systemd_unit", "a", "lifecycle", "x")))
        .extracting(v -> v.path())
        .contains("parameters[lifecycle]", "parameters[start_command]");
    assertThat(agent.validate(Map.of("url", "http://user:pw@h/", "systemd_unit", "web", "expected_status", "OK",
        "body_regex", "(", "request_timeout", "-1")))
        .extracting(v -> v.path())
        .containsExactlyInAnyOrder("parameters[url]", "parameters[expected_status]", "parameters[body_regex]",
            "parameters[request_timeout]");
    assertThat(agent.validate(Map.of("url", "http://localhost/server-status", "systemd_unit", "apache2"))).isEmpty();
  }
}
