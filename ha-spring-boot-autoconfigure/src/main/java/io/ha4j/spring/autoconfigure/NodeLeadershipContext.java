package io.ha4j.spring.autoconfigure;

import io.ha4j.Ha4jNode;
import io.ha4j.spring.LeadershipContext;
import java.util.Optional;

/** {@link LeadershipContext} answered by the node. */
final class NodeLeadershipContext implements LeadershipContext {

  private final Ha4jNode node;

  NodeLeadershipContext(Ha4jNode node) {
    this.node = node;
  }

  @Override
  public String nodeId() {
    return node.nodeId();
  }

  @Override
  public boolean isLeader() {
    return node.isLeader();
  }

  @Override
  public Optional<String> currentLeader() {
    return node.currentLeader();
  }

  @Override
  public long epoch() {
    return node.epoch();
  }

  @Override
  public String toString() {
    return "LeadershipContext[" + node.nodeId() + (isLeader() ? " leader" : "") + ", epoch " + epoch() + "]";
  }
}
