package io.ha4j.spring.actuate;

import io.ha4j.ClusterStatus;
import io.ha4j.Explanation;
import io.ha4j.Ha4jConfigException;
import io.ha4j.Ha4jNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code ha4j} actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/ha4j}: the cluster's status (nodes, quorum, leader, epoch, resources and
 *       where they run, fail counts, failed actions, move/ban constraints);
 *   <li>{@code GET /actuator/ha4j/{resource}}: the resource's allocation score on each node and
 *       where the scheduler places it;
 *   <li>{@code POST /actuator/ha4j/{action}/{target}} with an optional JSON body {@code {"node":
 *       "node2", "lifetime": "30m"}}: {@code move} and {@code ban} (resource, node, optional
 *       lifetime), {@code clear}, {@code cleanup}, {@code enable}, {@code disable}, {@code manage},
 *       {@code unmanage} (resource), {@code standby}, {@code unstandby} (node).
 * </ul>
 *
 * Writes are ordinary actuator write operations: expose and secure them like any other (with Spring
 * Security on the classpath they need an authenticated user). Admin operations change the stored
 * configuration, so every node sees them.
 */
@Endpoint(id = "ha4j")
public class Ha4jEndpoint {

  private final Ha4jNode node;

  /** An endpoint over {@code node}. */
  public Ha4jEndpoint(Ha4jNode node) {
    this.node = node;
  }

  /** The cluster's status as this node sees it. */
  @ReadOperation
  public ClusterStatus status() {
    return node.status();
  }

  /** Allocation scores of a resource and its placement. */
  @ReadOperation
  public Explanation explain(@Selector String resource) {
    try {
      return node.explain(resource);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
  }

  /**
   * Runs an admin operation.
   *
   * @param action move, ban, clear, cleanup, enable, disable, manage, unmanage, standby, unstandby
   * @param target the resource (or, for standby/unstandby, the node)
   * @param node the node, for move and ban
   * @param lifetime how long a move or ban lasts ({@code 30m}, {@code PT1H}); none = until cleared
   */
  @WriteOperation
  public Map<String, Object> operate(@Selector String action, @Selector String target, @Nullable String node,
      @Nullable String lifetime) {
    try {
      switch (action) {
        case "move" -> this.node.move(target, required(node, action), duration(lifetime));
        case "ban" -> this.node.ban(target, required(node, action), duration(lifetime));
        case "clear" -> this.node.clear(target);
        case "cleanup" -> this.node.cleanup(target);
        case "enable" -> this.node.enable(target);
        case "disable" -> this.node.disable(target);
        case "manage" -> this.node.manage(target);
        case "unmanage" -> this.node.unmanage(target);
        case "standby" -> this.node.standby(target, true);
        case "unstandby" -> this.node.standby(target, false);
        default -> throw new InvalidEndpointRequestException("unknown action '" + action + "'",
            "actions: move, ban, clear, cleanup, enable, disable, manage, unmanage, standby, unstandby");
      }
    } catch (IllegalArgumentException | Ha4jConfigException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", action);
    out.put("target", target);
    if (node != null) {
      out.put("node", node);
    }
    if (lifetime != null) {
      out.put("lifetime", lifetime);
    }
    out.put("configVersion", this.node.config().version());
    return out;
  }

  private static String required(@Nullable String node, String action) {
    if (node == null || node.isBlank()) {
      throw new InvalidEndpointRequestException(action + " needs a node", action + " needs {\"node\": ...}");
    }
    return node;
  }

  private static @Nullable Duration duration(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException("not a duration: " + text, "lifetime: e.g. 30m or PT30M");
    }
  }
}
