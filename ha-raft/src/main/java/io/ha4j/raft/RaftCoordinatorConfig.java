package io.ha4j.raft;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.spi.Ha4jClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything the embedded Raft coordinator needs. Build with {@link #builder()}; {@link
 * Builder#build()} checks the whole configuration at once and throws {@link Ha4jConfigException}
 * listing every problem.
 *
 * @param nodeId this node's id; must be one of {@code peers}
 * @param peers the Raft group's voters (including this node)
 * @param storageDir where this node keeps its Raft log and snapshots (recovered on restart)
 * @param timing the timing preset
 * @param clusterName names the Raft group (nodes with different names never talk to each other)
 * @param snapshotEvery take a snapshot (and purge the log) every this many log entries
 * @param allowUnsafeTwoNode accept a group of exactly two voters and no witness (a failure of either
 *     node stops the cluster; logged as a warning)
 * @param clock the time source for leases
 * @param tls mutual TLS for the Raft transport (gRPC), or {@code null} for plain Netty without TLS
 */
public record RaftCoordinatorConfig(
    String nodeId,
    List<RaftPeerAddress> peers,
    Path storageDir,
    RaftTiming timing,
    String clusterName,
    long snapshotEvery,
    boolean allowUnsafeTwoNode,
    Ha4jClock clock,
    RaftTlsConfig tls) {

  /** Copies the peer list. */
  public RaftCoordinatorConfig {
    peers = List.copyOf(peers);
  }

  /** Without TLS (as before TLS existed). */
  public RaftCoordinatorConfig(
      String nodeId,
      List<RaftPeerAddress> peers,
      Path storageDir,
      RaftTiming timing,
      String clusterName,
      long snapshotEvery,
      boolean allowUnsafeTwoNode,
      Ha4jClock clock) {
    this(nodeId, peers, storageDir, timing, clusterName, snapshotEvery, allowUnsafeTwoNode, clock, null);
  }

  /** This node's peer entry. */
  public RaftPeerAddress self() {
    return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
  }

  /** A builder with the defaults: {@link RaftTiming#DEFAULT}, cluster "ha4j", snapshot every 10,000 entries. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RaftCoordinatorConfig}. Not thread-safe. */
  public static final class Builder {
    private String nodeId;
    private final List<RaftPeerAddress> peers = new ArrayList<>();
    private Path storageDir;
    private RaftTiming timing = RaftTiming.DEFAULT;
    private String clusterName = "ha4j";
    private long snapshotEvery = 10_000;
    private boolean allowUnsafeTwoNode;
    private Ha4jClock clock = Ha4jClock.system();
    private RaftTlsConfig tls;

    private Builder() {}

    /** This node's id (required). */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /** Adds a voter. */
    public Builder peer(RaftPeerAddress peer) {
      peers.add(Objects.requireNonNull(peer, "peer"));
      return this;
    }

    /** Adds voters given as {@code id@host:port[;witness]}. */
    public Builder peers(String... specs) {
      for (String s : specs) {
        peers.add(RaftPeerAddress.parse(s));
      }
      return this;
    }

    /** Where the Raft log and snapshots live (required). */
    public Builder storageDir(Path storageDir) {
      this.storageDir = storageDir;
      return this;
    }

    /** The timing preset. */
    public Builder timing(RaftTiming timing) {
      this.timing = timing;
      return this;
    }

    /** The Raft group's name. */
    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    /** Snapshot interval in log entries. */
    public Builder snapshotEvery(long entries) {
      this.snapshotEvery = entries;
      return this;
    }

    /** Accept two voters without a witness (unsafe; see the record's comment). */
    public Builder allowUnsafeTwoNode(boolean allow) {
      this.allowUnsafeTwoNode = allow;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Ha4jClock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Mutual TLS between the nodes and from clients (Ratis over gRPC); {@code null} (the default):
     * plain Netty without TLS. Every node of the group needs it, with a certificate signed by a CA
     * the others trust.
     */
    public Builder tls(RaftTlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /** Checks everything (including that the TLS stores and files can be read) and builds. */
    public RaftCoordinatorConfig build() {
      List<ConfigViolation> problems = new ArrayList<>();
      if (nodeId == null || nodeId.isBlank()) {
        problems.add(new ConfigViolation("raft.nodeId", "is required"));
      }
      if (peers.isEmpty()) {
        problems.add(new ConfigViolation("raft.peers", "at least one peer is required"));
      }
      var ids = new HashSet<String>();
      var addresses = new HashSet<String>();
      for (int i = 0; i < peers.size(); i++) {
        RaftPeerAddress p = peers.get(i);
        if (!ids.add(p.id())) {
          problems.add(new ConfigViolation("raft.peers[" + i + "].id", "duplicate peer id '" + p.id() + "'"));
        }
        if (!addresses.add(p.address())) {
          problems.add(new ConfigViolation("raft.peers[" + i + "].address", "duplicate address " + p.address()));
        }
      }
      if (nodeId != null && !peers.isEmpty() && !ids.contains(nodeId)) {
        problems.add(new ConfigViolation("raft.nodeId", "'" + nodeId + "' is not one of the peers " + ids));
      }
      long witnesses = peers.stream().filter(RaftPeerAddress::witness).count();
      if (peers.size() == 2 && witnesses == 0 && !allowUnsafeTwoNode) {
        problems.add(new ConfigViolation("raft.peers",
            "two voters without a witness cannot survive the loss of either node; add a witness peer"
                + " (votes, runs no resources) or set allowUnsafeTwoNode"));
      }
      if (witnesses == peers.size() && !peers.isEmpty()) {
        problems.add(new ConfigViolation("raft.peers", "every peer is a witness: nobody can lead"));
      }
      if (storageDir == null) {
        problems.add(new ConfigViolation("raft.storageDir", "is required"));
      }
      if (timing == null) {
        problems.add(new ConfigViolation("raft.timing", "is required"));
      }
      if (clusterName == null || clusterName.isBlank()) {
        problems.add(new ConfigViolation("raft.clusterName", "is required"));
      }
      if (snapshotEvery < 100) {
        problems.add(new ConfigViolation("raft.snapshotEvery", "must be >= 100, was " + snapshotEvery));
      }
      if (clock == null) {
        problems.add(new ConfigViolation("raft.clock", "is required"));
      }
      if (tls != null) {
        problems.addAll(tls.problems("raft.tls"));
      }
      if (!problems.isEmpty()) {
        throw new Ha4jConfigException(problems);
      }
      return new RaftCoordinatorConfig(
          nodeId, peers, storageDir, timing, clusterName, snapshotEvery, allowUnsafeTwoNode, clock, tls);
    }
  }
}
