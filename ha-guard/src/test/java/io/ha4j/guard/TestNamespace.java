package io.ha4j.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own for one test ({@code ha4jtest-<random>}), with a veth pair {@code
 * ha4j0}/{@code ha4j1} inside it (dummy interfaces are not available on every kernel). Every address
 * a test adds lives only in this namespace; {@link #close()} deletes it and everything in it.
 */
final class TestNamespace implements AutoCloseable {
  static final String DEVICE = "ha4j0";

  private final String name;

  private TestNamespace(String name) {
    this.name = name;
  }

  /** Why namespaces cannot be used here (not root, no {@code ip}), or empty when they can. */
  static Optional<String> unavailableReason() {
    if (!isRoot()) {
      return Optional.of("not root: network namespace tests need root");
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
      return Optional.of("no ip command (iproute2)");
    }
    return Optional.empty();
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // effective uid
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static TestNamespace create() {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    TestNamespace ns = new TestNamespace("ha4jtest-" + HexFormat.of().formatHex(random));
    run("ip", "netns", "add", ns.name);
    try {
      ns.ip("link", "add", DEVICE, "type", "veth", "peer", "name", "ha4j1");
      ns.ip("link", "set", DEVICE, "up");
      ns.ip("link", "set", "ha4j1", "up");
      ns.ip("link", "set", "lo", "up");
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  String name() {
    return name;
  }

  /** A random test address in 198.18.0.0/15 (benchmarking range), as {@code a.b.c.d/32}. */
  static String randomAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198." + (18 + r.nextInt(2)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)) + "/32";
  }

  /** Runs {@code ip -n NAME args...} and returns its output; fails on a non-zero exit. */
  String ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
    cmd.addAll(List.of(args));
    return run(cmd.toArray(String[]::new));
  }

  /** True when {@code cidr} is configured on {@link #DEVICE} in this namespace, judged by {@code ip addr show}. */
  boolean hasAddress(String cidr) {
    return ip("-o", "addr", "show", "dev", DEVICE).contains(" inet " + cidr + " ");
  }

  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " -> exit " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Deletes the namespace (its interfaces and addresses go with it). */
  @Override
  public void close() {
    try {
      run("ip", "netns", "del", name);
    } catch (IllegalStateException e) {
      // already gone
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
