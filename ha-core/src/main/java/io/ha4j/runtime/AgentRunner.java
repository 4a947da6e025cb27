package io.ha4j.runtime;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.support.TaskScheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent operation on the agent executor with a timeout: whichever comes first — the
 * agent's answer or the timeout — is delivered, once, on the given scheduler's thread. A timeout
 * interrupts the agent's thread and counts as a failure; an exception becomes GENERIC_ERROR.
 */
final class AgentRunner {
  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  /** What an operation returned; {@code timedOut} when the runtime gave up on it. */
  record Outcome(AgentResult result, boolean timedOut) {
    boolean ok() {
      return !timedOut && result.isSuccess();
    }

    String statusName() {
      return timedOut ? "TIMEOUT" : result.status().name();
    }
  }

  private final Executor agentExecutor;

  AgentRunner(Executor agentExecutor) {
    this.agentExecutor = agentExecutor;
  }

  void run(AgentContext ctx, Callable<AgentResult> op, TaskScheduler callbackOn, Consumer<Outcome> done) {
    AtomicBoolean finished = new AtomicBoolean();
    AtomicReference<Thread> worker = new AtomicReference<>();
    TaskScheduler.Cancellable timeout = callbackOn.schedule(() -> {
      if (finished.compareAndSet(false, true)) {
        Thread t = worker.get();
        if (t != null) {
          t.interrupt();
        }
        log.warn("{} of {} on {} timed out after {}", ctx.operation(), ctx.resourceId(), ctx.nodeId(), ctx.timeout());
        done.accept(new Outcome(AgentResult.of(OcfStatus.GENERIC_ERROR, "timed out after " + ctx.timeout()), true));
      }
    }, ctx.timeout());
    Runnable task = () -> {
      worker.set(Thread.currentThread());
      AgentResult r;
      try {
        r = op.call();
        if (r == null) {
          r = AgentResult.failed("agent returned no result");
        }
      } catch (InterruptedException e) {
        r = AgentResult.failed("interrupted");
      } catch (Throwable e) { // agent code may throw anything; never let it skip a report
        log.warn("{} of {} on {} threw", ctx.operation(), ctx.resourceId(), ctx.nodeId(), e);
        r = AgentResult.failed(e.toString());
      } finally {
        worker.set(null);
      }
      AgentResult result = r;
      callbackOn.execute(() -> {
        if (finished.compareAndSet(false, true)) {
          timeout.cancel();
          done.accept(new Outcome(result, false));
        }
      });
    };
    try {
      agentExecutor.execute(task);
    } catch (RuntimeException e) {
      callbackOn.execute(() -> {
        if (finished.compareAndSet(false, true)) {
          timeout.cancel();
          done.accept(new Outcome(AgentResult.failed("could not run: " + e), false));
        }
      });
    }
  }
}
