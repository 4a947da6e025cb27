package io.ha4j.examples.agent;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ResourceAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A custom resource agent, type {@code app:job}: a periodic job inside this JVM (a report, a
 * cleanup, anything that must run on exactly one node). The cluster calls {@code start} on the node
 * it picks, {@code stop} before it moves the job, and {@code monitor} every monitor interval.
 *
 * <p>The rules every agent follows: one instance serves every resource of its type (all per-resource
 * data comes from the {@link AgentContext}); start and stop are idempotent; monitor answers
 * "running", "not running" or an error. The epoch in the context is a fencing token: hand it to
 * whatever the job writes to, so that a stale owner is refused.
 */
public final class ReportJobAgent implements ResourceAgent {
  /** The agent type; primitives name it as their {@code agent}. */
  public static final String TYPE = "app:job";

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "report-job");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
  private final AtomicLong reports = new AtomicLong();

  @Override
  public AgentMetadata metadata() {
    return new AgentMetadata(TYPE, "a periodic job in this JVM",
        List.of(new AgentMetadata.Parameter("every", false, "PT1S", "how often the job runs (ISO-8601)")),
        Map.of("start", Duration.ofSeconds(5), "stop", Duration.ofSeconds(5), "monitor", Duration.ofSeconds(5)));
  }

  @Override
  public AgentResult start(AgentContext ctx) {
    Duration every = Duration.parse(ctx.param("every", "PT1S"));
    running.computeIfAbsent(ctx.resourceId(), id -> scheduler.scheduleAtFixedRate(
        () -> System.out.printf("%s: report #%d (epoch %d)%n", ctx.nodeId(), reports.incrementAndGet(), ctx.epoch()),
        0, every.toMillis(), TimeUnit.MILLISECONDS));
    return AgentResult.success();
  }

  @Override
  public AgentResult stop(AgentContext ctx) {
    ScheduledFuture<?> job = running.remove(ctx.resourceId());
    if (job != null) {
      job.cancel(false);
    }
    return AgentResult.success();
  }

  @Override
  public AgentResult monitor(AgentContext ctx) {
    ScheduledFuture<?> job = running.get(ctx.resourceId());
    if (job == null) {
      return AgentResult.notRunning();
    }
    return job.isDone() ? AgentResult.failed("the job died") : AgentResult.success();
  }

  /** Whether the job of {@code resource} runs in this JVM now. */
  public boolean isRunning(String resource) {
    return running.containsKey(resource);
  }
}
