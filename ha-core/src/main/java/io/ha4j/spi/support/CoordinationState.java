package io.ha4j.spi.support;

import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import io.ha4j.spi.WatchEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The deterministic state behind the in-memory and Raft coordinators: the key-value store, the
 * sessions, the current leader and the epoch counter. Applying the same commands in the same order
 * gives the same state everywhere; nothing here reads a clock (session expiry is decided outside, by
 * {@link SessionAuthority}, and arrives as an {@link Command.ExpireSession} command).
 *
 * <p>Every write advances a global revision; a key's version is the revision that last wrote it, so
 * versions are never reused for a key. The epoch is bumped on every leadership grant and never goes
 * back (it is part of the snapshot).
 *
 * <p>Thread-safe (one lock). Listeners are called synchronously on the applying thread, after the
 * change, outside no lock they could deadlock on — they must hand work off quickly.
 */
public final class CoordinationState {

  private static final int SNAPSHOT_FORMAT = 1;

  private final TreeMap<String, Versioned> kv = new TreeMap<>();
  private final TreeMap<Long, Member> sessions = new TreeMap<>();
  private final Map<Long, Long> sessionLeaseNanos = new TreeMap<>();
  private long revision;
  private long lastSessionId;
  private long epoch;
  private Leadership leader;
  private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();

  /** The store's revision: how many key-value writes this copy has applied. */
  public synchronized long revision() {
    return revision;
  }

  /** Adds a listener for changes made by {@link #apply}. */
  public void addListener(Consumer<StateChange> listener) {
    listeners.add(listener);
  }

  /** Removes a listener. */
  public void removeListener(Consumer<StateChange> listener) {
    listeners.remove(listener);
  }

  /** Applies a command (read-only commands too) and notifies the listeners of what changed. */
  public CommandResult apply(Command command) {
    List<StateChange> changes = new ArrayList<>(2);
    CommandResult result;
    synchronized (this) {
      result = applyLocked(command, changes);
    }
    for (StateChange change : changes) {
      for (Consumer<StateChange> l : listeners) {
        l.accept(change);
      }
    }
    return result;
  }

  private CommandResult applyLocked(Command command, List<StateChange> changes) {
    if (command instanceof Command.OpenSession c) {
      long id = ++lastSessionId;
      Member m = new Member(c.nodeId(), c.witness(), id);
      sessions.put(id, m);
      sessionLeaseNanos.put(id, c.leaseNanos());
      changes.add(new StateChange.MemberJoined(m));
      return result(true, id, List.of());
    } else if (command instanceof Command.Renew c) {
      return result(sessions.containsKey(c.sessionId()), revision, List.of());
    } else if (command instanceof Command.CloseSession c) {
      return result(endSession(c.sessionId(), changes), 0, List.of());
    } else if (command instanceof Command.ExpireSession c) {
      return result(endSession(c.sessionId(), changes), 0, List.of());
    } else if (command instanceof Command.Claim c) {
      Member m = sessions.get(c.sessionId());
      if (m == null || m.witness()) {
        return result(false, 0, List.of());
      }
      if (leader == null) {
        leader = new Leadership(m.nodeId(), m.sessionId(), ++epoch);
        changes.add(new StateChange.LeaderChanged(Optional.of(leader)));
      }
      return result(leader.sessionId() == c.sessionId(), 0, List.of());
    } else if (command instanceof Command.Resign c) {
      if (leader != null && leader.sessionId() == c.sessionId()) {
        leader = null;
        changes.add(new StateChange.LeaderChanged(Optional.empty()));
        return result(true, 0, List.of());
      }
      return result(false, 0, List.of());
    } else if (command instanceof Command.Put c) {
      Versioned v = new Versioned(c.key(), c.value(), ++revision);
      kv.put(c.key(), v);
      changes.add(new StateChange.KeyChanged(new WatchEvent(c.key(), Optional.of(v))));
      return result(true, v.version(), List.of(v));
    } else if (command instanceof Command.CompareAndSet c) {
      Versioned current = kv.get(c.key());
      long currentVersion = current == null ? 0 : current.version();
      if (currentVersion != c.expectedVersion()) {
        return result(false, currentVersion, current == null ? List.of() : List.of(current));
      }
      Versioned v = new Versioned(c.key(), c.value(), ++revision);
      kv.put(c.key(), v);
      changes.add(new StateChange.KeyChanged(new WatchEvent(c.key(), Optional.of(v))));
      return result(true, v.version(), List.of(v));
    } else if (command instanceof Command.ConditionalPut c) {
      Versioned current = kv.get(c.key());
      long currentVersion = current == null ? 0 : current.version();
      boolean match = c.expectedVersion() == -1 || currentVersion == c.expectedVersion();
      for (var e : c.conditions().entrySet()) {
        Versioned other = kv.get(e.getKey());
        match &= other != null && other.version() == e.getValue();
      }
      if (!match) {
        return result(false, currentVersion, List.of());
      }
      Versioned v = new Versioned(c.key(), c.value(), ++revision);
      kv.put(c.key(), v);
      changes.add(new StateChange.KeyChanged(new WatchEvent(c.key(), Optional.of(v))));
      return result(true, v.version(), List.of(v));
    } else if (command instanceof Command.Delete c) {
      Versioned current = kv.get(c.key());
      if (current == null || (c.expectedVersion() != -1 && current.version() != c.expectedVersion())) {
        return result(false, 0, List.of());
      }
      kv.remove(c.key());
      revision++;
      changes.add(new StateChange.KeyChanged(new WatchEvent(c.key(), Optional.empty())));
      return result(true, 0, List.of());
    } else if (command instanceof Command.Get c) {
      Versioned v = kv.get(c.key());
      return result(v != null, 0, v == null ? List.of() : List.of(v));
    } else if (command instanceof Command.ListPrefix c) {
      return result(true, 0, List.copyOf(prefixMap(c.prefix()).values()));
    } else if (command instanceof Command.Status) {
      return new CommandResult(true, 0, leader, epoch, List.of(), List.copyOf(sessions.values()));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private Map<String, Versioned> prefixMap(String prefix) {
    if (prefix.isEmpty()) {
      return kv;
    }
    return kv.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
  }

  private boolean endSession(long sessionId, List<StateChange> changes) {
    Member m = sessions.remove(sessionId);
    sessionLeaseNanos.remove(sessionId);
    if (m == null) {
      return false;
    }
    if (leader != null && leader.sessionId() == sessionId) {
      leader = null;
      changes.add(new StateChange.LeaderChanged(Optional.empty()));
    }
    changes.add(new StateChange.MemberLost(m));
    return true;
  }

  private CommandResult result(boolean ok, long value, List<Versioned> entries) {
    return new CommandResult(ok, value, leader, epoch, entries, List.of());
  }

  /** The live sessions, ordered by node id then session id. */
  public synchronized List<Member> members() {
    List<Member> list = new ArrayList<>(sessions.values());
    list.sort(MEMBER_ORDER);
    return list;
  }

  /** The current leader, if any. */
  public synchronized Optional<Leadership> leader() {
    return Optional.ofNullable(leader);
  }

  /** The highest epoch granted so far. */
  public synchronized long epoch() {
    return epoch;
  }

  /** The lease of each live session, in nanoseconds, by session id. */
  public synchronized Map<Long, Long> sessionLeases() {
    return Map.copyOf(sessionLeaseNanos);
  }

  /** Ordering of {@link #members()}. */
  public static final java.util.Comparator<Member> MEMBER_ORDER =
      java.util.Comparator.comparing(Member::nodeId).thenComparingLong(Member::sessionId);

  /** Writes the whole state (for a snapshot). */
  public synchronized void writeTo(DataOutput out) throws IOException {
    out.writeInt(SNAPSHOT_FORMAT);
    out.writeLong(revision);
    out.writeLong(lastSessionId);
    out.writeLong(epoch);
    Codec.writeLeader(out, leader);
    out.writeInt(sessions.size());
    for (Member m : sessions.values()) {
      Codec.writeMember(out, m);
      out.writeLong(sessionLeaseNanos.get(m.sessionId()));
    }
    out.writeInt(kv.size());
    for (Versioned v : kv.values()) {
      Codec.writeEntry(out, v);
    }
  }

  /**
   * Replaces the whole state with one written by {@link #writeTo}. Listeners are not notified (the
   * caller re-reads what it needs).
   */
  public synchronized void readFrom(DataInput in) throws IOException {
    int format = in.readInt();
    if (format != SNAPSHOT_FORMAT) {
      throw new IOException("unknown snapshot format " + format);
    }
    kv.clear();
    sessions.clear();
    sessionLeaseNanos.clear();
    revision = in.readLong();
    lastSessionId = in.readLong();
    epoch = in.readLong();
    leader = Codec.readLeader(in);
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Member m = Codec.readMember(in);
      sessions.put(m.sessionId(), m);
      sessionLeaseNanos.put(m.sessionId(), in.readLong());
    }
    int k = in.readInt();
    for (int i = 0; i < k; i++) {
      Versioned v = Codec.readEntry(in);
      kv.put(v.key(), v);
    }
  }
}
