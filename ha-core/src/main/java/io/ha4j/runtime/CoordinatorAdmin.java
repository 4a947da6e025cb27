package io.ha4j.runtime;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterStatus;
import io.ha4j.Explanation;
import io.ha4j.Ha4jAdmin;
import io.ha4j.TargetRole;
import io.ha4j.spi.Coordinator;
import io.ha4j.spi.Ha4jClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link Ha4jAdmin} over any coordinator: the same {@code Admin} and status view a node uses, without
 * a node. Made by {@link Ha4jAdmin#connect}; not meant to be constructed directly. Thread-safe.
 */
public final class CoordinatorAdmin implements Ha4jAdmin {
  private final Coordinator coordinator;
  private final Ha4jClock clock;
  private final Admin admin;

  /** Used by {@link Ha4jAdmin#connect}. */
  public CoordinatorAdmin(Coordinator coordinator, Ha4jClock clock) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.admin = new Admin(coordinator, clock::wallTime);
  }

  /** Used by {@link Ha4jAdmin#toJson}. */
  public static String toJson(ClusterConfig config) {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ConfigCodec.write(config));
  }

  /** Used by {@link Ha4jAdmin#fromJson}. */
  public static ClusterConfig fromJson(String json) {
    try {
      var root = Json.parse(json.getBytes(StandardCharsets.UTF_8));
      if (!root.isObject() || root.get("format") == null || root.get("format").asInt() != ConfigCodec.FORMAT) {
        throw new IllegalArgumentException("no \"format\": " + ConfigCodec.FORMAT + " at the top");
      }
      return ConfigCodec.read(root);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an ha4j configuration (JSON, format " + ConfigCodec.FORMAT + "): "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ClusterConfig> storedConfig() {
    return admin.stored();
  }

  @Override
  public ClusterStatus status() {
    return StatusView.status(coordinator, clock.wallTime());
  }

  @Override
  public Explanation explain(String resource) {
    return StatusView.explain(coordinator, clock.wallTime(), resource);
  }

  @Override
  public ClusterConfig updateConfig(UnaryOperator<ClusterConfig> change) {
    return admin.update(change);
  }

  @Override
  public ClusterConfig replaceConfig(ClusterConfig config) {
    return admin.replace(config);
  }

  @Override
  public void move(String resource, String node, Duration lifetime) {
    admin.move(resource, node, lifetime);
  }

  @Override
  public void ban(String resource, String node, Duration lifetime) {
    admin.ban(resource, node, lifetime);
  }

  @Override
  public void clear(String resource) {
    admin.clear(resource);
  }

  @Override
  public void standby(String node, boolean standby) {
    admin.nodeFlags(node, standby, null);
  }

  @Override
  public void nodeMaintenance(String node, boolean maintenance) {
    admin.nodeFlags(node, null, maintenance);
  }

  @Override
  public void maintenance(boolean maintenance) {
    admin.update(c -> c.toBuilder().properties(c.properties().withMaintenanceMode(maintenance)).build());
  }

  @Override
  public void enable(String resource) {
    admin.targetRole(resource, TargetRole.STARTED);
  }

  @Override
  public void disable(String resource) {
    admin.targetRole(resource, TargetRole.STOPPED);
  }

  @Override
  public void manage(String resource) {
    admin.managed(resource, true);
  }

  @Override
  public void unmanage(String resource) {
    admin.managed(resource, false);
  }

  @Override
  public void cleanup(String resource) {
    admin.cleanup(resource);
  }

  @Override
  public String toString() {
    return "Ha4jAdmin[" + coordinator + "]";
  }
}
