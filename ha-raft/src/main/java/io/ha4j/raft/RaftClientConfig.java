package io.ha4j.raft;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link RaftClusterClient} reaches a running Raft group without joining it.
 *
 * @param clientName the name the client reports as its {@code nodeId()} (never a cluster node)
 * @param peers the group's peers; an id that is not known ({@code host:port} given alone) is a
 *     placeholder, Ratis learns the real ids from the first answer
 * @param clusterName the Raft group's name, as configured on the nodes ({@code ha4j} by default)
 * @param requestTimeout how long one request waits for the quorum
 * @param statusMaxAge how old the cached membership/leader/epoch view may be before a query refreshes it
 * @param tls mutual TLS, required when the nodes use TLS ({@code null}: plain Netty)
 */
public record RaftClientConfig(
    String clientName,
    List<RaftPeerAddress> peers,
    String clusterName,
    Duration requestTimeout,
    Duration statusMaxAge,
    RaftTlsConfig tls) {

  /** Without TLS. */
  public RaftClientConfig(
      String clientName, List<RaftPeerAddress> peers, String clusterName, Duration requestTimeout, Duration statusMaxAge) {
    this(clientName, peers, clusterName, requestTimeout, statusMaxAge, null);
  }

  /** Copies the peer list and checks everything, listing every problem. */
  public RaftClientConfig {
    peers = List.copyOf(peers);
    List<ConfigViolation> problems = new ArrayList<>();
    if (clientName == null || clientName.isBlank()) {
      problems.add(new ConfigViolation("raftClient.clientName", "is required"));
    }
    if (peers.isEmpty()) {
      problems.add(new ConfigViolation("raftClient.peers", "at least one peer address is required"));
    }
    if (clusterName == null || clusterName.isBlank()) {
      problems.add(new ConfigViolation("raftClient.clusterName", "is required"));
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      problems.add(new ConfigViolation("raftClient.requestTimeout", "must be > 0, was " + requestTimeout));
    }
    if (statusMaxAge == null || statusMaxAge.isNegative()) {
      problems.add(new ConfigViolation("raftClient.statusMaxAge", "must be >= 0, was " + statusMaxAge));
    }
    if (tls != null) {
      problems.addAll(tls.problems("raftClient.tls"));
    }
    if (!problems.isEmpty()) {
      throw new Ha4jConfigException(problems);
    }
  }

  /**
   * A client of the group at these addresses ({@code host:port} or {@code id@host:port}): client name
   * {@code ha4j-client}, cluster {@code ha4j}, request timeout 5 s, status at most 200 ms old.
   *
   * @throws IllegalArgumentException when an address cannot be parsed
   */
  public static RaftClientConfig of(List<String> addresses) {
    List<RaftPeerAddress> peers = new ArrayList<>();
    for (String a : addresses) {
      peers.add(parse(a));
    }
    return new RaftClientConfig("ha4j-client", peers, "ha4j", Duration.ofSeconds(5), Duration.ofMillis(200));
  }

  private static RaftPeerAddress parse(String address) {
    String s = address.trim();
    if (s.contains("@")) {
      return RaftPeerAddress.parse(s);
    }
    int colon = s.lastIndexOf(':');
    if (colon < 1 || colon == s.length() - 1) {
      throw new IllegalArgumentException("peer address must look like host:port or id@host:port, was '" + address + "'");
    }
    String host = s.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number in '" + address + "'");
    }
    return RaftPeerAddress.of("peer-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + port, host, port);
  }

  /** The same with another client name. */
  public RaftClientConfig withClientName(String name) {
    return new RaftClientConfig(name, peers, clusterName, requestTimeout, statusMaxAge, tls);
  }

  /** The same with another Raft group name. */
  public RaftClientConfig withClusterName(String name) {
    return new RaftClientConfig(clientName, peers, name, requestTimeout, statusMaxAge, tls);
  }

  /** The same with another request timeout. */
  public RaftClientConfig withRequestTimeout(Duration timeout) {
    return new RaftClientConfig(clientName, peers, clusterName, timeout, statusMaxAge, tls);
  }

  /** The same with another maximum age of the cached status. */
  public RaftClientConfig withStatusMaxAge(Duration maxAge) {
    return new RaftClientConfig(clientName, peers, clusterName, requestTimeout, maxAge, tls);
  }

  /** The same with mutual TLS ({@code null}: none); the nodes must use TLS too. */
  public RaftClientConfig withTls(RaftTlsConfig tls) {
    return new RaftClientConfig(clientName, peers, clusterName, requestTimeout, statusMaxAge, tls);
  }
}
