package io.ha4j.spi.support;

import io.ha4j.spi.Leadership;
import io.ha4j.spi.Member;
import io.ha4j.spi.Versioned;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Binary helpers shared by commands, results and snapshots. */
final class Codec {
  private Codec() {}

  static void writeBytes(DataOutput out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 * 1024 * 1024) {
      throw new IOException("bad length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  static void writeEntry(DataOutput out, Versioned v) throws IOException {
    out.writeUTF(v.key());
    out.writeLong(v.version());
    writeBytes(out, v.value());
  }

  static Versioned readEntry(DataInput in) throws IOException {
    String key = in.readUTF();
    long version = in.readLong();
    return new Versioned(key, readBytes(in), version);
  }

  static void writeMember(DataOutput out, Member m) throws IOException {
    out.writeUTF(m.nodeId());
    out.writeBoolean(m.witness());
    out.writeLong(m.sessionId());
  }

  static Member readMember(DataInput in) throws IOException {
    return new Member(in.readUTF(), in.readBoolean(), in.readLong());
  }

  static void writeLeader(DataOutput out, Leadership l) throws IOException {
    out.writeBoolean(l != null);
    if (l != null) {
      out.writeUTF(l.nodeId());
      out.writeLong(l.sessionId());
      out.writeLong(l.epoch());
    }
  }

  static Leadership readLeader(DataInput in) throws IOException {
    return in.readBoolean() ? new Leadership(in.readUTF(), in.readLong(), in.readLong()) : null;
  }
}
