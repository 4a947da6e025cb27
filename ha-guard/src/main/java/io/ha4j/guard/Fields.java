package io.ha4j.guard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Strict checks for every field the guard accepts, shared by the protocol parser and {@link
 * HeldResource}'s constructors. Each check accepts a narrow, documented shape and rejects everything
 * else: no value may start with {@code -} (it would read as an option), contain whitespace, quotes,
 * shell characters or anything outside printable ASCII. Nothing is ever passed through a shell; the
 * checks are there so that a confused or hostile line cannot name something odd either.
 */
final class Fields {
  /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1); a conservative character set. */
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
  /** Network namespace names (file names under /run/netns). */
  private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  /** systemd unit names with one of the unit suffixes; backslash for systemd's \x2d escapes. */
  private static final Pattern UNIT = Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9:_.@\\\\-]{0,200}"
          + "\\.(service|socket|target|timer|mount|automount|path|scope|slice|swap|device)");
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

  /** Linux's PID_MAX_LIMIT on 64-bit systems. */
  static final long PID_MAX = 4_194_304L;
  /** The longest lease the guard accepts, in milliseconds (one hour). */
  static final long LEASE_MAX_MILLIS = 3_600_000L;

  private Fields() {}

  static String device(String value) {
    return require(value, DEVICE.matcher(value).matches(), "interface name");
  }

  static String netns(String value) {
    return require(value, NETNS.matcher(value).matches(), "network namespace name");
  }

  static String unit(String value) {
    return require(value, UNIT.matcher(value).matches(), "systemd unit name");
  }

  /** A process id other than 0 and 1 (init is never killed). */
  static long pid(String value) {
    long pid = decimal(value, "pid");
    return pid(pid);
  }

  static long pid(long pid) {
    if (pid < 2 || pid > PID_MAX) {
      throw new IllegalArgumentException("pid out of range 2.." + PID_MAX + ": " + pid);
    }
    return pid;
  }

  /** A process start time in clock ticks since boot, as in /proc/PID/stat field 22. */
  static long startTime(String value) {
    return startTime(decimal(value, "start time"));
  }

  static long startTime(long startTime) {
    if (startTime < 0) {
      throw new IllegalArgumentException("start time must not be negative: " + startTime);
    }
    return startTime;
  }

  /** A lease length in milliseconds, 1..{@link #LEASE_MAX_MILLIS}. */
  static long leaseMillis(String value) {
    long ms = decimal(value, "lease milliseconds");
    if (ms < 1 || ms > LEASE_MAX_MILLIS) {
      throw new IllegalArgumentException("lease milliseconds out of range 1.." + LEASE_MAX_MILLIS + ": " + ms);
    }
    return ms;
  }

  /**
   * An address with its prefix length, {@code a.b.c.d/n} or an IPv6 address in hex-and-colon form
   * with {@code /n}. Returned in canonical case (IPv6 lower case) so that equal addresses compare
   * equal. IPv4 octets with leading zeros are refused ({@code 010} means 8 to some parsers).
   */
  static String cidr(String value) {
    int slash = value.indexOf('/');
    if (slash <= 0 || slash != value.lastIndexOf('/')) {
      throw new IllegalArgumentException("address must be ADDRESS/PREFIX: " + printable(value));
    }
    String address = value.substring(0, slash);
    String prefix = value.substring(slash + 1);
    if (!prefix.matches("0|[1-9][0-9]{0,2}")) {
      throw new IllegalArgumentException("bad prefix length: " + printable(value));
    }
    int bits = Integer.parseInt(prefix);
    if (isIpv4(address)) {
      if (bits > 32) {
        throw new IllegalArgumentException("IPv4 prefix length above 32: " + printable(value));
      }
      return value;
    }
    if (isIpv6(address)) {
      if (bits > 128) {
        throw new IllegalArgumentException("IPv6 prefix length above 128: " + printable(value));
      }
      return value.toLowerCase(Locale.ROOT);
    }
    throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + printable(value));
  }

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String s) {
    if (s.length() < 2 || s.length() > 39) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ':' && Character.digit(c, 16) < 0) {
        return false;
      }
    }
    int gap = s.indexOf("::");
    if (gap < 0) {
      return groups(s) == 8;
    }
    if (s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int head = gap == 0 ? 0 : groups(s.substring(0, gap));
    int tail = gap + 2 == s.length() ? 0 : groups(s.substring(gap + 2));
    return head >= 0 && tail >= 0 && head + tail <= 7;
  }

  /** The number of 1-4 digit hex groups separated by single colons, or -1. */
  private static int groups(String s) {
    String[] parts = s.split(":", -1);
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 4) {
        return -1;
      }
    }
    return parts.length;
  }

  private static long decimal(String value, String what) {
    if (!DECIMAL.matcher(value).matches()) {
      throw new IllegalArgumentException("bad " + what + ": " + printable(value));
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + ": " + printable(value), e);
    }
  }

  private static String require(String value, boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("bad " + what + ": " + printable(value));
    }
    return value;
  }

  /** The value with anything outside printable ASCII replaced by '?', cut at 64 characters: safe to log. */
  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), 64) + 3);
    for (int i = 0; i < value.length() && i < 64; i++) {
      char c = value.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > 64) {
      b.append("...");
    }
    return '"' + b.toString() + '"';
  }
}
