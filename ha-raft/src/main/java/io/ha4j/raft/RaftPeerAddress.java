package io.ha4j.raft;

import java.util.Objects;

/**
 * One voting member of the Raft group.
 *
 * @param id the node's name (also its Raft peer id): letters, digits, '-', '_' and '.'
 * @param host host name or address the peer listens on
 * @param port TCP port of the peer's Raft RPC
 * @param witness a witness votes and stores the log but never becomes ha4j leader and runs no
 *     resources
 * @param priority Raft leadership priority: the highest-priority up-to-date peer tends to become
 *     Raft leader (0 = default; giving a witness a higher priority keeps Raft leadership, and so an
 *     extra election on failover, away from the nodes that run resources)
 */
public record RaftPeerAddress(String id, String host, int port, boolean witness, int priority) {

  /** Checks the fields. */
  public RaftPeerAddress {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    if (!id.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("peer id must match [A-Za-z0-9._-]+, was '" + id + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port of peer " + id + " must be 1..65535, was " + port);
    }
  }

  /** A voting, non-witness peer with priority 0. */
  public static RaftPeerAddress of(String id, String host, int port) {
    return new RaftPeerAddress(id, host, port, false, 0);
  }

  /** A witness peer with priority 0. */
  public static RaftPeerAddress witness(String id, String host, int port) {
    return new RaftPeerAddress(id, host, port, true, 0);
  }

  /** Parses {@code id@host:port}, optionally followed by {@code ;witness}. */
  public static RaftPeerAddress parse(String spec) {
    String s = spec.trim();
    boolean witness = s.endsWith(";witness");
    if (witness) {
      s = s.substring(0, s.length() - ";witness".length());
    }
    int at = s.indexOf('@');
    int colon = s.lastIndexOf(':');
    if (at < 1 || colon < at + 2 || colon == s.length() - 1) {
      throw new IllegalArgumentException("peer must look like id@host:port[;witness], was '" + spec + "'");
    }
    return new RaftPeerAddress(
        s.substring(0, at), s.substring(at + 1, colon), Integer.parseInt(s.substring(colon + 1)), witness, 0);
  }

  /** {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }
}
