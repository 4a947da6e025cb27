package io.ha4j.spi.support;

import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a {@link Command}, with the state's leader and epoch at that point of the log.
 *
 * @param ok whether the command did what it asked (see each command)
 * @param value a command-specific number (the new session id for {@link Command.OpenSession})
 * @param leader the leader after the command, or null when there is none
 * @param epoch the highest epoch granted so far
 * @param entries key-value entries returned by the command
 * @param members the live members (only for {@link Command.Status})
 */
public record CommandResult(
    boolean ok, long value, Leadership leader, long epoch, List<Versioned> entries, List<Member> members) {

  /** Copies the lists. */
  public CommandResult {
    entries = List.copyOf(entries);
    members = List.copyOf(members);
  }

  /** The leader, if any. */
  public Optional<Leadership> leaderIfAny() {
    return Optional.ofNullable(leader);
  }

  /** The binary form. */
  public byte[] encode() {
    var bytes = new ByteArrayOutputStream(64);
    try (var out = new DataOutputStream(bytes)) {
      out.writeBoolean(ok);
      out.writeLong(value);
      Codec.writeLeader(out, leader);
      out.writeLong(epoch);
      out.writeInt(entries.size());
      for (Versioned v : entries) {
        Codec.writeEntry(out, v);
      }
      out.writeInt(members.size());
      for (Member m : members) {
        Codec.writeMember(out, m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads the binary form written by {@link #encode()}. */
  public static CommandResult decode(byte[] bytes) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      boolean ok = in.readBoolean();
      long value = in.readLong();
      Leadership leader = Codec.readLeader(in);
      long epoch = in.readLong();
      int n = in.readInt();
      List<Versioned> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        entries.add(Codec.readEntry(in));
      }
      int m = in.readInt();
      List<Member> members = new ArrayList<>(m);
      for (int i = 0; i < m; i++) {
        members.add(Codec.readMember(in));
      }
      return new CommandResult(ok, value, leader, epoch, entries, members);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt result", e);
    }
  }
}
