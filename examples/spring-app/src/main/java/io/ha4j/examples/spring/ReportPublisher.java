package io.ha4j.examples.spring;

import io.ha4j.spring.LeadershipContext;
import io.ha4j.spring.ManagedResource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Something that must run once in the cluster: it "publishes a report" every two seconds. As a
 * {@code @ManagedResource} SmartLifecycle it is not started by Spring; ha4j starts it on the one
 * instance it places it on, monitors it with {@code isRunning()}, and starts it elsewhere when that
 * instance dies.
 */
@RestController
@ManagedResource(id = "report-publisher", monitorInterval = "5s", monitorTimeout = "10s", migrationThreshold = 3)
public class ReportPublisher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReportPublisher.class);

  private final LeadershipContext cluster;
  private final AtomicLong published = new AtomicLong();
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> task;

  public ReportPublisher(LeadershipContext cluster) {
    this.cluster = cluster;
  }

  @Override
  public synchronized void start() {
    if (task != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor();
    task = timer.scheduleWithFixedDelay(
        () -> log.info("report #{} published by {}", published.incrementAndGet(), cluster.nodeId()),
        0, 2, TimeUnit.SECONDS);
    log.info("report publisher STARTED on {}", cluster.nodeId());
  }

  @Override
  public synchronized void stop() {
    if (task == null) {
      return;
    }
    task.cancel(false);
    timer.shutdownNow();
    task = null;
    log.info("report publisher STOPPED on {}", cluster.nodeId());
  }

  @Override
  public synchronized boolean isRunning() {
    return task != null;
  }

  /** {@code GET /report}: whether this instance publishes, and how many it did. */
  @GetMapping("/report")
  public String report() {
    return cluster.nodeId() + (isRunning() ? " publishes reports" : " does not publish") + " (published here: "
        + published.get() + ")\n";
  }
}
