package io.ha4j.guard;

import io.ha4j.spi.ExternalResource;
import io.ha4j.spi.ExternalResourceGuard;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard process as the runtime's {@link ExternalResourceGuard}: register it with {@code
 * Ha4j.builder().guard(GuardProcessAdapter.start(GuardOptions.defaults()))}. Lease extensions go to
 * the guard as {@code LEASE}; each change of the held list becomes {@code HOLD}/{@code RELEASE}
 * lines for the difference; {@link #release()} (clean shutdown) says {@code BYE}.
 *
 * <p>The external resources it understands ({@link ExternalResource#kind()} and attributes):
 *
 * <ul>
 *   <li>{@value #IP_ADDRESS}: {@code address} ({@code 10.0.0.100/24}, or without {@code /n} plus
 *       {@code prefix}), {@code device}, optional {@code netns};
 *   <li>{@value #PROCESS}: {@code pid}, optional {@code starttime} (read from /proc when absent);
 *   <li>{@value #SYSTEMD_UNIT}: {@code unit}.
 * </ul>
 *
 * A resource of another kind, or with attributes the guard refuses, cannot be guarded: it is logged
 * as an error and left out (the runtime's own lease checks still apply to it).
 *
 * <p>Never blocks the caller: every call only writes a line to the guard's pipe. If the guard is
 * found gone, an error is logged and a new guard is started in the background with the current
 * list (it is then armed again by the next lease extension). Thread-safe.
 */
public final class GuardProcessAdapter implements ExternalResourceGuard, AutoCloseable {
  /** Kind of an IP address: attributes {@code address}, {@code device}, optional {@code prefix} and {@code netns}. */
  public static final String IP_ADDRESS = "ip-address";
  /** Kind of a process: attributes {@code pid}, optional {@code starttime}. */
  public static final String PROCESS = "process";
  /** Kind of a systemd unit: attribute {@code unit}. */
  public static final String SYSTEMD_UNIT = "systemd-unit";

  private static final Logger log = LoggerFactory.getLogger(GuardProcessAdapter.class);

  private final GuardOptions options;
  private final Object lock = new Object();
  // guarded by lock
  private GuardClient client;
  private Set<HeldResource> held = new LinkedHashSet<>();
  private boolean restarting;
  private boolean closed;

  private GuardProcessAdapter(GuardOptions options, GuardClient client) {
    this.options = options;
    this.client = client;
  }

  /**
   * Starts the guard (waits until it is ready, typically a few hundred milliseconds).
   *
   * @throws GuardException when it cannot be started
   */
  public static GuardProcessAdapter start(GuardOptions options) {
    return new GuardProcessAdapter(options, GuardClient.start(options));
  }

  /** The current guard's pid, or -1 while none runs. */
  public long guardPid() {
    synchronized (lock) {
      return client != null && client.isAlive() ? client.pid() : -1;
    }
  }

  @Override
  public void extendLease(Duration validFor) {
    long ms = Math.max(1, Math.min(validFor.toMillis(), Fields.LEASE_MAX_MILLIS));
    synchronized (lock) {
      if (closed || client == null) {
        return;
      }
      try {
        client.lease(Duration.ofMillis(ms));
      } catch (GuardException e) {
        lost(e);
      }
    }
  }

  @Override
  public void holding(List<ExternalResource> resources) {
    Set<HeldResource> wanted = new LinkedHashSet<>();
    for (ExternalResource r : resources) {
      try {
        wanted.add(toHeld(r));
      } catch (IllegalArgumentException e) {
        log.error("cannot guard {} of {}: {}; it is not removed if this JVM dies", r.kind(), r.resourceId(),
            e.getMessage());
      }
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      Set<HeldResource> before = held;
      held = wanted;
      if (client == null) {
        return; // a restart in progress sends the whole list
      }
      try {
        for (HeldResource r : wanted) {
          if (!before.contains(r)) {
            report(client.holdAsync(r));
          }
        }
        for (HeldResource r : before) {
          if (!wanted.contains(r)) {
            report(client.releaseAsync(r));
          }
        }
      } catch (GuardException e) {
        lost(e);
      }
    }
  }

  private static void report(CompletableFuture<Void> answer) {
    answer.exceptionally(e -> {
      log.error("{}", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      return null;
    });
  }

  /** Clean shutdown: everything is stopped; the guard exits without touching anything. */
  @Override
  public void release() {
    GuardClient c;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      c = client;
      client = null;
    }
    if (c != null) {
      c.close();
    }
  }

  /** The same as {@link #release()}. */
  @Override
  public void close() {
    release();
  }

  /** Called under lock: the guard is gone; start another in the background. */
  private void lost(GuardException e) {
    log.error("{}: external resources are unprotected until a new guard runs", e.getMessage());
    client = null;
    if (restarting) {
      return;
    }
    restarting = true;
    Thread t = new Thread(this::restart, "ha4j-guard-restart");
    t.setDaemon(true);
    t.start();
  }

  private void restart() {
    GuardClient fresh = null;
    try {
      fresh = GuardClient.start(options);
    } catch (GuardException e) {
      log.error("cannot start a new guard: {}", e.getMessage());
    }
    synchronized (lock) {
      restarting = false;
      if (fresh == null) {
        return; // the next failure report tries again
      }
      if (closed) {
        fresh.close();
        return;
      }
      client = fresh;
      try {
        for (HeldResource r : held) {
          report(fresh.holdAsync(r));
        }
        log.warn("new guard {} holds {} resources; armed by the next lease extension", fresh.pid(), held.size());
      } catch (GuardException e) {
        lost(e);
      }
    }
  }

  /**
   * The guard's name for an external resource.
   *
   * @throws IllegalArgumentException for an unknown kind or attributes the guard refuses
   */
  public static HeldResource toHeld(ExternalResource r) {
    Map<String, String> a = r.attributes();
    switch (r.kind()) {
      case IP_ADDRESS: {
        String address = required(a, "address", r);
        if (!address.contains("/")) {
          address = address + "/" + required(a, "prefix", r);
        }
        return HeldResource.address(required(a, "device", r), address, a.get("netns"));
      }
      case PROCESS: {
        long pid = Fields.pid(required(a, "pid", r));
        String start = a.get("starttime");
        return start == null ? HeldResource.process(pid) : new HeldResource.ProcessInstance(pid, Fields.startTime(start));
      }
      case SYSTEMD_UNIT:
        return HeldResource.unit(required(a, "unit", r));
      default:
        throw new IllegalArgumentException("unknown kind '" + Fields.printable(r.kind()) + "' (known: "
            + IP_ADDRESS + ", " + PROCESS + ", " + SYSTEMD_UNIT + ")");
    }
  }

  private static String required(Map<String, String> a, String key, ExternalResource r) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException(r.kind() + " needs attribute '" + key + "'");
    }
    return v;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "GuardProcessAdapter[" + (client == null ? "no guard" : client) + ", " + held.size() + " held]";
    }
  }
}
