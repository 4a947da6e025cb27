package io.ha4j.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The guard's state and its one decision: what ends it — a goodbye, the pipe closing, or the lease
 * deadline passing — and, unless it was a goodbye, the release of everything held.
 *
 * <p>The guard acts only for what it holds: when the lease passes while nothing is held (a node
 * that holds no external resource and whose session lapsed, e.g. during a slow start), it disarms
 * until the next {@code LEASE} instead of killing the JVM; when the pipe closes with nothing held it
 * exits without killing anything.
 *
 * <p>{@link #handle} is called by the reader of the pipe, {@link #awaitOutcome} by the main thread.
 * The lease deadline is kept on the monotonic clock ({@link System#nanoTime}), so wall-clock jumps
 * change nothing. Once an outcome is decided it never changes, and later lines are refused.
 */
final class Guard {
  /** The most resources held at once; more is surely a bug in the JVM. */
  static final int MAX_HELD = 1024;

  /** Why the guard stops, with its process exit code. */
  enum Outcome {
    /** Clean goodbye: nothing released. */
    BYE(0),
    /** The lease passed without extension: the JVM is paused, stuck or cut off. */
    LEASE_EXPIRED(3),
    /** The pipe closed without a goodbye: the JVM died (or dropped its guard). */
    PIPE_CLOSED(4);

    final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  /** Exit code when some release step failed. */
  static final int EXIT_STEP_FAILED = 5;

  private final SystemActions actions;
  private final GuardLog log;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();

  // all guarded by lock
  private final Set<HeldResource> held = new LinkedHashSet<>();
  private GuardMode mode = GuardMode.KILL_JVM;
  private long jvmPid = -1;
  private long jvmStartTime = -1;
  private boolean leaseArmed;
  private long leaseDeadline;
  private long lastLeaseAt;
  private Outcome outcome;
  private long decidedAt;

  Guard(SystemActions actions, GuardLog log, LongSupplier nanoTime) {
    this.actions = actions;
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /** Applies one command; returns the reply line ({@code OK} or {@code ERR <reason>}). */
  String handle(GuardCommand command) {
    synchronized (lock) {
      if (outcome != null) {
        return "ERR guard is stopping (" + outcome + ")";
      }
      if (command instanceof GuardCommand.Lease lease) {
        long now = nanoTime.getAsLong();
        if (!leaseArmed) {
          log.log("lease armed: " + lease.millis() + " ms");
        }
        leaseArmed = true;
        lastLeaseAt = now;
        leaseDeadline = now + TimeUnit.MILLISECONDS.toNanos(lease.millis());
        lock.notifyAll();
        return "OK";
      } else if (command instanceof GuardCommand.Hold hold) {
        if (held.contains(hold.resource())) {
          return "OK";
        }
        if (held.size() >= MAX_HELD) {
          log.log("refused HOLD " + hold.resource().protocolArguments() + ": already " + MAX_HELD + " held");
          return "ERR too many resources held (" + MAX_HELD + ")";
        }
        held.add(hold.resource());
        log.log("hold " + hold.resource().protocolArguments());
        return "OK";
      } else if (command instanceof GuardCommand.Release release) {
        boolean was = held.remove(release.resource());
        log.log("release " + release.resource().protocolArguments() + (was ? "" : " (was not held)"));
        return "OK";
      } else if (command instanceof GuardCommand.Jvm jvm) {
        long start = jvm.startTime();
        if (start < 0) {
          var read = actions.startTimeOf(jvm.pid());
          if (read.isEmpty()) {
            return "ERR no process " + jvm.pid();
          }
          start = read.getAsLong();
        }
        jvmPid = jvm.pid();
        jvmStartTime = start;
        log.log("jvm " + jvmPid + " (start time " + start + ")");
        return "OK";
      } else if (command instanceof GuardCommand.Mode m) {
        mode = m.mode();
        log.log("mode " + mode.protocolName());
        return "OK";
      } else if (command instanceof GuardCommand.Bye) {
        decide(Outcome.BYE, nanoTime.getAsLong());
        log.log("bye: exiting, releasing nothing (" + held.size() + " resources were held)");
        return "OK";
      }
      throw new IllegalStateException("unhandled " + command);
    }
  }

  /** The pipe from the JVM reached its end (or broke). */
  void pipeClosed() {
    synchronized (lock) {
      if (outcome == null) {
        decide(Outcome.PIPE_CLOSED, nanoTime.getAsLong());
        log.log("pipe from the JVM closed without BYE");
      }
    }
  }

  private void decide(Outcome o, long at) {
    outcome = o;
    decidedAt = at;
    lock.notifyAll();
  }

  /** Waits until the outcome is decided; the lease deadline decides it when it passes. */
  Outcome awaitOutcome() throws InterruptedException {
    synchronized (lock) {
      while (outcome == null) {
        if (leaseArmed) {
          long now = nanoTime.getAsLong();
          long left = leaseDeadline - now;
          if (left <= 0 && held.isEmpty()) {
            // nothing outside the JVM to protect: a lapse (e.g. a slow start-up) is not fatal
            leaseArmed = false;
            log.log("lease lapsed with nothing held: nothing to release, the JVM is left alone; disarmed until the next LEASE");
            continue;
          }
          if (left <= 0) {
            // the moment the lease ended is the reference for every later step
            decide(Outcome.LEASE_EXPIRED, leaseDeadline);
            log.log("lease expired: last LEASE " + millis(now - lastLeaseAt) + " ms ago, deadline passed "
                + millis(-left) + " ms ago");
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } else {
          lock.wait();
        }
      }
      return outcome;
    }
  }

  /** The decided outcome, or null. */
  Outcome outcome() {
    synchronized (lock) {
      return outcome;
    }
  }

  /**
   * Releases everything held (the outcome must be decided and not {@link Outcome#BYE}): in
   * kill-jvm mode first SIGKILL to the JVM — a dead JVM cannot re-add what the next steps remove —
   * then the addresses, the processes and the units, each step logged with the time since the
   * outcome was decided.
   *
   * @return true when every step succeeded
   */
  boolean enforce() {
    List<HeldResource> resources;
    GuardMode m;
    long pid;
    long start;
    long t0;
    Outcome o;
    synchronized (lock) {
      if (outcome == null || outcome == Outcome.BYE) {
        throw new IllegalStateException("nothing to enforce: " + outcome);
      }
      resources = new ArrayList<>(held);
      m = mode;
      pid = jvmPid;
      start = jvmStartTime;
      t0 = decidedAt;
      o = outcome;
    }
    log.log("enforcing after " + o + ": mode " + m.protocolName() + ", " + resources.size() + " resources");
    boolean ok = true;
    if (resources.isEmpty()) {
      log.log("nothing held: nothing to release, the JVM is left alone");
    } else if (m == GuardMode.KILL_JVM) {
      if (pid > 0) {
        ok &= step(t0, "kill jvm " + pid, actions.killJvm(pid, start));
      } else {
        log.log("kill-jvm mode but no JVM was named: no JVM to kill");
      }
    }
    for (HeldResource r : resources) {
      if (r instanceof HeldResource.Address a) {
        ok &= step(t0, "remove " + a.protocolArguments(), actions.deleteAddress(a));
      }
    }
    for (HeldResource r : resources) {
      if (r instanceof HeldResource.ProcessInstance p) {
        ok &= step(t0, "kill " + p.protocolArguments(), actions.killProcess(p));
      }
    }
    for (HeldResource r : resources) {
      if (r instanceof HeldResource.Unit u) {
        ok &= step(t0, "stop " + u.protocolArguments(), actions.stopUnit(u));
      }
    }
    log.log("enforcement " + (ok ? "complete" : "had FAILED steps") + ", " + millis(nanoTime.getAsLong() - t0)
        + " ms after " + o);
    return ok;
  }

  private boolean step(long t0, String what, SystemActions.StepResult result) {
    log.log("+" + millis(nanoTime.getAsLong() - t0) + " ms " + what + ": " + (result.ok() ? "" : "FAILED: ")
        + result.detail());
    return result.ok();
  }

  /** Nanoseconds as milliseconds with one decimal (String.format costs tens of ms on first use). */
  static String millis(long nanos) {
    long tenths = Math.round(nanos / 100_000.0);
    return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
  }
}
