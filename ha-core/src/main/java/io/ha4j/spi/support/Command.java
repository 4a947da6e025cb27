package io.ha4j.spi.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A command for {@link CoordinationState}: writes go through the replicated log (or the in-memory
 * ensemble's lock), reads are served by a current leader. Each command has a compact binary form so
 * that it can travel as a Raft log entry.
 */
public sealed interface Command {

  /** True for commands that change nothing (served as linearizable reads). */
  default boolean readOnly() {
    return false;
  }

  /** Opens a session for a node. Result: {@code value} = the new session id. */
  record OpenSession(String nodeId, boolean witness, long leaseNanos) implements Command {
    /** Checks the fields. */
    public OpenSession {
      Objects.requireNonNull(nodeId, "nodeId");
    }
  }

  /** Renews a session. Result: {@code ok} = the session exists, {@code value} = the store's revision. */
  record Renew(long sessionId) implements Command {}

  /** Closes a session (a node leaving). Result: {@code ok} = it existed. */
  record CloseSession(long sessionId) implements Command {}

  /** Ends a session whose lease ran out; proposed only by the authority. */
  record ExpireSession(long sessionId) implements Command {}

  /** Asks for leadership for a session. Result: {@code ok} = the session holds it now. */
  record Claim(long sessionId) implements Command {}

  /** Gives up leadership held by the session. Result: {@code ok} = it held it. */
  record Resign(long sessionId) implements Command {}

  /** Writes a key. Result: {@code entries} = the new entry. */
  record Put(String key, byte[] value) implements Command {
    /** Checks the fields. */
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Writes a key if its version matches (0 = absent). Result: {@code ok}, {@code entries} = new entry. */
  record CompareAndSet(String key, long expectedVersion, byte[] value) implements Command {
    /** Checks the fields. */
    public CompareAndSet {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Writes a key if its version matches ({@code 0} = absent, {@code -1} = any) and every other key of
   * {@code conditions} has exactly the given version. Result: {@code ok}, {@code entries} = new entry.
   */
  record ConditionalPut(String key, long expectedVersion, byte[] value, Map<String, Long> conditions)
      implements Command {
    /** Checks the fields and copies the conditions (sorted, so that the binary form is stable). */
    public ConditionalPut {
      Objects.requireNonNull(value, "value");
      check(key, expectedVersion, conditions);
      conditions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(conditions));
    }

    /**
     * Checks the arguments of {@code Coordinator.compareAndSet(key, expectedVersion, value, conditions)}.
     *
     * @throws IllegalArgumentException when a version is out of range or a condition names the key
     */
    public static void check(String key, long expectedVersion, Map<String, Long> conditions) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(conditions, "conditions");
      if (expectedVersion < -1) {
        throw new IllegalArgumentException("expectedVersion must be >= -1, was " + expectedVersion);
      }
      conditions.forEach((k, v) -> {
        if (k.equals(key)) {
          throw new IllegalArgumentException("condition on the written key " + key + ": use expectedVersion");
        }
        if (v == null || v < 1) {
          throw new IllegalArgumentException("condition on " + k + " must name a version >= 1, was " + v);
        }
      });
    }
  }

  /** Deletes a key if its version matches ({@code -1} = any version). Result: {@code ok} = deleted. */
  record Delete(String key, long expectedVersion) implements Command {
    /** Checks the fields. */
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Reads a key. Result: {@code entries} = zero or one entry. */
  record Get(String key) implements Command {
    /** Checks the fields. */
    public Get {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean readOnly() {
      return true;
    }
  }

  /** Reads all keys with a prefix. Result: {@code entries}. */
  record ListPrefix(String prefix) implements Command {
    /** Checks the fields. */
    public ListPrefix {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean readOnly() {
      return true;
    }
  }

  /** Reads leader, epoch and members. */
  record Status() implements Command {
    @Override
    public boolean readOnly() {
      return true;
    }
  }

  /** The binary form. */
  default byte[] encode() {
    var bytes = new ByteArrayOutputStream(64);
    try (var out = new DataOutputStream(bytes)) {
      if (this instanceof OpenSession c) {
        out.writeByte(1);
        out.writeUTF(c.nodeId());
        out.writeBoolean(c.witness());
        out.writeLong(c.leaseNanos());
      } else if (this instanceof Renew c) {
        out.writeByte(2);
        out.writeLong(c.sessionId());
      } else if (this instanceof CloseSession c) {
        out.writeByte(3);
        out.writeLong(c.sessionId());
      } else if (this instanceof ExpireSession c) {
        out.writeByte(4);
        out.writeLong(c.sessionId());
      } else if (this instanceof Claim c) {
        out.writeByte(5);
        out.writeLong(c.sessionId());
      } else if (this instanceof Resign c) {
        out.writeByte(6);
        out.writeLong(c.sessionId());
      } else if (this instanceof Put c) {
        out.writeByte(7);
        out.writeUTF(c.key());
        Codec.writeBytes(out, c.value());
      } else if (this instanceof CompareAndSet c) {
        out.writeByte(8);
        out.writeUTF(c.key());
        out.writeLong(c.expectedVersion());
        Codec.writeBytes(out, c.value());
      } else if (this instanceof Delete c) {
        out.writeByte(9);
        out.writeUTF(c.key());
        out.writeLong(c.expectedVersion());
      } else if (this instanceof Get c) {
        out.writeByte(10);
        out.writeUTF(c.key());
      } else if (this instanceof ListPrefix c) {
        out.writeByte(11);
        out.writeUTF(c.prefix());
      } else if (this instanceof Status) {
        out.writeByte(12);
      } else if (this instanceof ConditionalPut c) {
        out.writeByte(13);
        out.writeUTF(c.key());
        out.writeLong(c.expectedVersion());
        Codec.writeBytes(out, c.value());
        out.writeInt(c.conditions().size());
        for (var e : c.conditions().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeLong(e.getValue());
        }
      } else {
        throw new IllegalStateException("unknown command " + this);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads the binary form written by {@link #encode()}. */
  static Command decode(byte[] bytes) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int tag = in.readUnsignedByte();
      return switch (tag) {
        case 1 -> new OpenSession(in.readUTF(), in.readBoolean(), in.readLong());
        case 2 -> new Renew(in.readLong());
        case 3 -> new CloseSession(in.readLong());
        case 4 -> new ExpireSession(in.readLong());
        case 5 -> new Claim(in.readLong());
        case 6 -> new Resign(in.readLong());
        case 7 -> new Put(in.readUTF(), Codec.readBytes(in));
        case 8 -> new CompareAndSet(in.readUTF(), in.readLong(), Codec.readBytes(in));
        case 9 -> new Delete(in.readUTF(), in.readLong());
        case 10 -> new Get(in.readUTF());
        case 11 -> new ListPrefix(in.readUTF());
        case 12 -> new Status();
        case 13 -> readConditionalPut(in);
        default -> throw new IllegalArgumentException("unknown command tag " + tag);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt command", e);
    }
  }

  private static ConditionalPut readConditionalPut(DataInputStream in) throws IOException {
    String key = in.readUTF();
    long expected = in.readLong();
    byte[] value = Codec.readBytes(in);
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("bad condition count " + n);
    }
    Map<String, Long> conditions = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      conditions.put(in.readUTF(), in.readLong());
    }
    return new ConditionalPut(key, expected, value, conditions);
  }
}
