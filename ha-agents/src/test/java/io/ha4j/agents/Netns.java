package io.ha4j.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.testkit.NetnsLab;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * ha-agents' view of the shared namespace lab ({@link NetnsLab} in ha-core's test-jar): a "switch"
 * namespace holding a bridge, and hosts each joined to it by a veth pair whose host end is {@code
 * eth0}. Adds JUnit's skip when namespaces are unusable and AssertJ failures with the command's
 * output. Everything is removed by {@link #close()}.
 */
final class Netns implements AutoCloseable {

  static final String IP = NetnsLab.IP;

  private final NetnsLab lab;

  /** Skips the test (with the reason printed) unless this process can create namespaces. */
  static void assumeAvailable() {
    NetnsLab.unavailableReason().ifPresent(why -> {
      System.out.println("SKIPPED network-namespace test: " + why);
      Assumptions.assumeTrue(false, why);
    });
  }

  Netns() {
    assumeAvailable();
    lab = new NetnsLab();
  }

  /** Adds a host namespace wired to the bridge; returns its name. */
  String host(String role, String... cidrs) {
    return lab.host(role, cidrs);
  }

  /** The MAC address of {@code eth0} in {@code ns}. */
  String mac(String ns) {
    return lab.mac(ns);
  }

  /** The link-layer address {@code ns} has for {@code ip}, or empty. */
  String neighbour(String ns, String ip) {
    return lab.neighbour(ns, ip);
  }

  /** Addresses on eth0 of {@code ns}, as {@code ip -o addr} prints them. */
  String addresses(String ns) {
    return lab.addresses(ns);
  }

  /** Runs a command inside {@code ns}; returns its exit code. */
  int exec(String ns, String... cmd) {
    return lab.exec(ns, cmd);
  }

  /** Runs a command inside {@code ns} and returns its output; fails unless it exits with 0. */
  String execOk(String ns, String... cmd) {
    List<String> argv = new java.util.ArrayList<>(List.of(NetnsLab.IP, "netns", "exec", ns));
    argv.addAll(List.of(cmd));
    NetnsLab.Result r = NetnsLab.run(argv);
    assertThat(r.exit()).as("%s -> %s", argv, r.output()).isZero();
    return r.output();
  }

  @Override
  public void close() {
    lab.close();
  }

  static String ok(String... argv) {
    NetnsLab.Result r = NetnsLab.run(List.of(argv));
    assertThat(r.exit()).as("%s -> %s", List.of(argv), r.output()).isZero();
    return r.output();
  }

  static NetnsLab.Result run(List<String> argv) {
    return NetnsLab.run(argv);
  }
}
