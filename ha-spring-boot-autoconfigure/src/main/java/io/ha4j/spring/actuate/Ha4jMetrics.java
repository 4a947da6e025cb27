package io.ha4j.spring.actuate;

import io.ha4j.ClusterStatus;
import io.ha4j.Ha4jEvent;
import io.ha4j.Ha4jNode;
import io.ha4j.spi.Coordinator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters of one node.
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>ha4j.leader</td><td>gauge</td><td></td><td>1 while this node is the leader</td></tr>
 *   <tr><td>ha4j.epoch</td><td>gauge</td><td></td><td>the highest epoch this node has seen</td></tr>
 *   <tr><td>ha4j.quorum</td><td>gauge</td><td></td><td>1 while this node's partition has quorum</td></tr>
 *   <tr><td>ha4j.resources</td><td>gauge</td><td>role=started|stopped|failed</td><td>resources of the
 *       cluster by role</td></tr>
 *   <tr><td>ha4j.resources.local</td><td>gauge</td><td></td><td>resources running on this node</td></tr>
 *   <tr><td>ha4j.failcount</td><td>gauge</td><td>resource, node</td><td>each fail count</td></tr>
 *   <tr><td>ha4j.failovers</td><td>counter</td><td>resource</td><td>starts here of a resource that last
 *       ran on another node</td></tr>
 *   <tr><td>ha4j.action.duration</td><td>timer</td><td>resource, action=start|stop,
 *       outcome=success|failure</td><td>how long this node's starts and stops took</td></tr>
 *   <tr><td>ha4j.monitor.failures</td><td>counter</td><td>resource</td><td>failed monitors on this
 *       node</td></tr>
 * </table>
 *
 * The cluster-wide gauges come from a status snapshot refreshed every {@code refresh} (and at once
 * when a node is lost), so they may lag by that much; the others come from this node's events.
 */
public class Ha4jMetrics implements MeterBinder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Ha4jMetrics.class);

  private final Ha4jNode node;
  private final Coordinator coordinator;
  private final ScheduledExecutorService poller;
  private final Map<String, String> lastHolder = new ConcurrentHashMap<>();
  private final Map<String, Instant> actionStarted = new ConcurrentHashMap<>();
  private volatile ClusterStatus status;
  private volatile MeterRegistry registry;
  private volatile MultiGauge failCounts;

  /**
   * Meters of {@code node}.
   *
   * @param coordinator its coordinator, for the quorum gauge (may be {@code null})
   * @param refresh how often the cluster status is read for the cluster-wide gauges
   */
  public Ha4jMetrics(Ha4jNode node, Coordinator coordinator, Duration refresh) {
    this.node = node;
    this.coordinator = coordinator;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ha4j-" + node.nodeId() + "-metrics");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    node.addListener(this::onEvent);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("ha4j.leader", node, n -> n.isLeader() ? 1 : 0)
        .description("1 while this node is the leader").register(registry);
    Gauge.builder("ha4j.epoch", node, Ha4jNode::epoch)
        .description("the highest epoch this node has seen").register(registry);
    if (coordinator != null) {
      Gauge.builder("ha4j.quorum", coordinator, c -> c.hasQuorum() ? 1 : 0)
          .description("1 while this node's partition has quorum").register(registry);
    }
    for (String role : List.of("started", "stopped", "failed")) {
      Gauge.builder("ha4j.resources", this, m -> m.count(role)).tag("role", role)
          .description("resources of the cluster by role").register(registry);
    }
    Gauge.builder("ha4j.resources.local", this, Ha4jMetrics::countLocal)
        .description("resources running on this node").register(registry);
    failCounts = MultiGauge.builder("ha4j.failcount").description("fail count of a resource on a node")
        .register(registry);
  }

  private double count(String role) {
    ClusterStatus s = status;
    if (s == null) {
      return Double.NaN;
    }
    return s.resources().stream().filter(r -> switch (role) {
      case "failed" -> r.failed();
      case "started" -> !r.activeOn().isEmpty();
      default -> r.activeOn().isEmpty();
    }).count();
  }

  private double countLocal() {
    ClusterStatus s = status;
    return s == null ? Double.NaN
        : s.resources().stream().filter(r -> r.activeOn().contains(node.nodeId())).count();
  }

  /** Reads the cluster status now (on the poller thread in normal operation). */
  void refresh() {
    try {
      ClusterStatus s = node.status();
      status = s;
      for (ClusterStatus.ResourceInfo r : s.resources()) {
        r.node().ifPresent(n -> lastHolder.put(r.id(), n));
      }
      MultiGauge fc = failCounts;
      if (fc != null) {
        fc.register(s.failCounts().stream().map(f -> MultiGauge.Row.of(
            Tags.of("resource", f.resource(), "node", f.node()), f.count())).toList(), true);
      }
    } catch (RuntimeException e) {
      log.debug("{}: cannot read the cluster status for metrics: {}", node.nodeId(), e.toString());
    }
  }

  private void onEvent(Ha4jEvent event) {
    MeterRegistry r = registry;
    if (event instanceof Ha4jEvent.ResourceStarting e) {
      actionStarted.put(e.resource() + "/start", e.at());
    } else if (event instanceof Ha4jEvent.ResourceStopping e) {
      actionStarted.put(e.resource() + "/stop", e.at());
    } else if (event instanceof Ha4jEvent.ResourceStarted e) {
      record(r, e.resource(), "start", "success", e.at());
      String before = lastHolder.put(e.resource(), node.nodeId());
      if (r != null && before != null && !before.equals(node.nodeId())) {
        Counter.builder("ha4j.failovers").tag("resource", e.resource())
            .description("starts here of a resource that last ran on another node").register(r).increment();
      }
    } else if (event instanceof Ha4jEvent.ResourceStopped e) {
      record(r, e.resource(), "stop", "success", e.at());
    } else if (event instanceof Ha4jEvent.ResourceFailed e) {
      if (e.operation().equals("start") || e.operation().equals("stop")) {
        record(r, e.resource(), e.operation(), "failure", e.at());
      } else if (e.operation().equals("monitor") && r != null) {
        Counter.builder("ha4j.monitor.failures").tag("resource", e.resource())
            .description("failed monitors on this node").register(r).increment();
      }
    } else if (event instanceof Ha4jEvent.NodeLost) {
      poller.execute(this::refresh); // the lost node's resources are still visible while it is UNCLEAN
    }
  }

  private void record(MeterRegistry r, String resource, String action, String outcome, Instant end) {
    Instant begin = actionStarted.remove(resource + "/" + action);
    if (r == null || begin == null) {
      return;
    }
    Timer.builder("ha4j.action.duration").tags("resource", resource, "action", action, "outcome", outcome)
        .description("how long this node's starts and stops took").register(r)
        .record(Duration.between(begin, end).isNegative() ? Duration.ZERO : Duration.between(begin, end));
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
