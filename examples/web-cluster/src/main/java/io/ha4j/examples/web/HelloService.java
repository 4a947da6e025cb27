package io.ha4j.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ha4j.agents.ServiceLifecycle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The web service of the example: the JDK's built-in HTTP server, started and stopped by the cluster
 * (through {@code ha4j:http}'s in-JVM lifecycle) on the node that holds the service address. Every
 * answer names the node, so a client sees the takeover.
 */
final class HelloService implements ServiceLifecycle {
  private final String node;
  private final String address;
  private final int port;
  private HttpServer server;

  HelloService(String node, String address, int port) {
    this.node = node;
    this.address = address;
    this.port = port;
  }

  @Override
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 16);
    s.createContext("/", this::hello);
    s.start();
    server = s;
  }

  private void hello(HttpExchange exchange) throws IOException {
    byte[] body = ("Hello from " + node + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().add("Connection", "close");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
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
  public synchronized boolean isRunning() {
    return server != null;
  }
}
