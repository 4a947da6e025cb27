package io.ha4j.spi.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which sessions have expired, on the authority's own monotonic clock (the in-memory
 * ensemble, or the current Raft leader). It remembers when it last <em>received</em> each session's
 * renewal; a session not renewed for its lease is reported as expired, and the caller proposes {@link
 * Command.ExpireSession} through the log so that every replica agrees.
 *
 * <p>A node that becomes authority (a new Raft leader) must call {@link #resetAll} first: it then
 * grants every session a full lease from that moment, which never ends a session earlier than the
 * session's owner expects (its own deadline counts from when it sent the renewal, which is earlier).
 *
 * <p>Thread-safe.
 */
public final class SessionAuthority {

  private final Map<Long, Long> lastSeenNanos = new HashMap<>();

  /** Records that the session was opened or renewed at {@code nowNanos}. */
  public synchronized void seen(long sessionId, long nowNanos) {
    lastSeenNanos.put(sessionId, nowNanos);
  }

  /** Forgets all history and counts every session's lease from {@code nowNanos}. */
  public synchronized void resetAll(long nowNanos) {
    lastSeenNanos.replaceAll((id, t) -> nowNanos);
  }

  /**
   * The sessions among {@code leaseNanosBySession} whose lease has run out at {@code nowNanos};
   * sessions never seen before start their lease now.
   */
  public synchronized List<Long> expired(Map<Long, Long> leaseNanosBySession, long nowNanos) {
    lastSeenNanos.keySet().retainAll(leaseNanosBySession.keySet());
    List<Long> out = new ArrayList<>();
    for (Map.Entry<Long, Long> e : leaseNanosBySession.entrySet()) {
      Long last = lastSeenNanos.putIfAbsent(e.getKey(), nowNanos);
      if (last != null && nowNanos - last > e.getValue()) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
