package io.ha4j.benchmarks.nemesis;

import io.ha4j.agents.CommandPrefix;
import io.ha4j.agents.VipAgent;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ExternalResourceSource;
import io.ha4j.spi.ResourceAgent;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The nemesis's resource agent: the built-in VIP agent (an address on the node namespace's
 * device {@code res0}, guarded by ha-guard, observed by the harness with {@code ip monitor}), which
 * also appends every start and stop to the node's journal file ({@code <nanos> <node> <epoch> <OP>
 * <resource>}, nanos = CLOCK_MONOTONIC, comparable between the JVMs of this machine; OP is START and
 * STARTED/STARTFAIL, STOP and STOPPED/STOPFAIL). Each line is one {@code write(2)}, so it survives a
 * kill -9 of the JVM.
 *
 * <p>Faults: {@link #slow} delays every operation (monitors and probes too) before it runs; {@link
 * #hang} blocks every operation until the runtime interrupts it (its timeout) or the harness heals it.
 */
final class NemesisAgent implements ResourceAgent, ExternalResourceSource {
  static final String TYPE = "nemesis:vip";

  private final VipAgent vip = new VipAgent(CommandPrefix.none());
  private final FileOutputStream journal;
  private final Object gate = new Object();
  private volatile long slowMs;
  private volatile boolean hang;

  NemesisAgent(Path journalFile) {
    try {
      this.journal = new FileOutputStream(journalFile.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void slow(long ms) {
    slowMs = ms;
  }

  void hang(boolean on) {
    synchronized (gate) {
      hang = on;
      gate.notifyAll();
    }
  }

  @Override
  public AgentMetadata metadata() {
    return vip.metadata();
  }

  @Override
  public List<io.ha4j.ConfigViolation> validate(java.util.Map<String, String> parameters) {
    return vip.validate(parameters);
  }

  @Override
  public List<ExternalResource> externalResources(AgentContext context) {
    return vip.externalResources(context);
  }

  @Override
  public AgentResult start(AgentContext c) throws Exception {
    return journaled(c, "START", "STARTED", "STARTFAIL", vip::start);
  }

  @Override
  public AgentResult stop(AgentContext c) throws Exception {
    return journaled(c, "STOP", "STOPPED", "STOPFAIL", vip::stop);
  }

  private interface Operation {
    AgentResult run(AgentContext c) throws Exception;
  }

  /** Runs {@code op} after the injected fault, journaling its begin and its outcome. */
  private AgentResult journaled(AgentContext c, String begin, String ok, String failed, Operation op) throws Exception {
    record(c, begin);
    boolean succeeded = false;
    try {
      fault();
      AgentResult r = op.run(c);
      succeeded = r.status() == io.ha4j.spi.OcfStatus.SUCCESS;
      return r;
    } finally {
      record(c, succeeded ? ok : failed);
    }
  }

  @Override
  public AgentResult monitor(AgentContext c) throws Exception {
    fault();
    return vip.monitor(c);
  }

  private void fault() throws InterruptedException {
    long ms = slowMs;
    if (ms > 0) {
      Thread.sleep(ms);
    }
    synchronized (gate) {
      long end = System.nanoTime() + 600_000_000_000L; // bounded: 10 minutes at most
      while (hang && System.nanoTime() < end) {
        gate.wait(1_000);
      }
    }
  }

  private void record(AgentContext c, String op) {
    byte[] line = (System.nanoTime() + " " + c.nodeId() + " " + c.epoch() + " " + op + " " + c.resourceId() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    synchronized (journal) {
      try {
        journal.write(line);
      } catch (IOException e) {
        System.err.println("UNCAUGHT journal write failed: " + e);
      }
    }
  }
}
