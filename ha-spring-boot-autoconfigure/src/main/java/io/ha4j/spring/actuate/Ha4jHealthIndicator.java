package io.ha4j.spring.actuate;

import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jNode;
import io.ha4j.spi.Coordinator;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The node's health: UP while its partition has quorum, OUT_OF_SERVICE while it is in standby (it
 * runs nothing, on purpose), DOWN without quorum (it cannot run anything, and stops what it runs when
 * its lease ends). Details: this node, the leader, the epoch, and the resources running here.
 */
public class Ha4jHealthIndicator extends AbstractHealthIndicator {

  private final Ha4jNode node;
  private final Coordinator coordinator;

  /**
   * A health indicator for {@code node}.
   *
   * @param coordinator its coordinator, asked first for quorum (a local answer, so that a node
   *     without quorum is reported DOWN at once), or {@code null} to rely on the status alone
   */
  public Ha4jHealthIndicator(Ha4jNode node, Coordinator coordinator) {
    super("ha4j health check failed");
    this.node = node;
    this.coordinator = coordinator;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("node", node.nodeId()).withDetail("epoch", node.epoch());
    node.currentLeader().ifPresent(l -> builder.withDetail("leader", l));
    if (coordinator != null && !coordinator.hasQuorum()) {
      builder.down().withDetail("quorum", false);
      return;
    }
    ClusterStatus status = node.status();
    List<String> here = status.resources().stream().filter(r -> r.activeOn().contains(node.nodeId()))
        .map(ClusterStatus.ResourceInfo::id).toList();
    builder.withDetail("quorum", status.quorate()).withDetail("resources", here);
    boolean standby = status.node(node.nodeId()).map(ClusterStatus.NodeInfo::standby).orElse(false);
    if (!status.quorate()) {
      builder.down();
    } else if (standby) {
      builder.outOfService().withDetail("standby", true);
    } else {
      builder.up();
    }
  }
}
