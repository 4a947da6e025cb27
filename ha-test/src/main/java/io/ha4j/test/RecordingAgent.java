package io.ha4j.test;

import io.ha4j.ConfigViolation;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resource agent for tests, one per node: it "runs" a resource by remembering it, records every
 * start and stop (with epoch and time) in the cluster's {@link Journal}, and lets a test make
 * operations fail. Accepts any parameters. Thread-safe.
 */
public final class RecordingAgent implements ResourceAgent {

  /** The agent type the in-process cluster registers it under. */
  public static final String TYPE = "test:recording";

  private final String node;
  private final Journal journal;
  private final Set<String> running = new HashSet<>();
  private final Set<String> failStarts = new HashSet<>();
  private final Set<String> failStops = new HashSet<>();
  private final Set<String> broken = new HashSet<>();

  /** An agent for one node, writing to the given journal (the in-process cluster makes these itself). */
  public RecordingAgent(String node, Journal journal) {
    this.node = node;
    this.journal = journal;
  }

  @Override
  public AgentMetadata metadata() {
    return new AgentMetadata(TYPE, "records starts and stops for tests", List.of(), Map.of());
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    return List.of();
  }

  @Override
  public synchronized AgentResult start(AgentContext ctx) {
    if (failStarts.remove(ctx.resourceId())) {
      return AgentResult.failed("injected start failure");
    }
    if (running.add(ctx.resourceId())) {
      journal.add(new Journal.Entry(Journal.Kind.START, ctx.resourceId(), node, ctx.epoch(), ctx.clock().monotonicNanos()));
    }
    broken.remove(ctx.resourceId());
    return AgentResult.success();
  }

  @Override
  public synchronized AgentResult stop(AgentContext ctx) {
    if (failStops.remove(ctx.resourceId())) {
      return AgentResult.failed("injected stop failure");
    }
    if (running.remove(ctx.resourceId())) {
      journal.add(new Journal.Entry(Journal.Kind.STOP, ctx.resourceId(), node, ctx.epoch(), ctx.clock().monotonicNanos()));
    }
    broken.remove(ctx.resourceId());
    return AgentResult.success();
  }

  @Override
  public synchronized AgentResult monitor(AgentContext ctx) {
    if (broken.contains(ctx.resourceId())) {
      return AgentResult.failed("injected monitor failure");
    }
    return running.contains(ctx.resourceId()) ? AgentResult.success() : AgentResult.of(OcfStatus.NOT_RUNNING, "");
  }

  /** Whether the resource runs here now. */
  public synchronized boolean isRunning(String resource) {
    return running.contains(resource);
  }

  /** Every resource running here. */
  public synchronized Set<String> running() {
    return Set.copyOf(running);
  }

  /** The resource breaks: every monitor fails until it is stopped or started again. */
  public synchronized void breakResource(String resource) {
    broken.add(resource);
  }

  /** The next start of the resource here fails. */
  public synchronized void failNextStart(String resource) {
    failStarts.add(resource);
  }

  /** The next stop of the resource here fails. */
  public synchronized void failNextStop(String resource) {
    failStops.add(resource);
  }

  /** The node died: everything it ran is gone (recorded as DIED). */
  synchronized void died(long monotonicNanos) {
    for (String r : running) {
      journal.add(new Journal.Entry(Journal.Kind.DIED, r, node, 0, monotonicNanos));
    }
    running.clear();
    broken.clear();
  }
}
