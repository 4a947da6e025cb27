package io.ha4j.agents.internal;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Strict IP literal parsing (never a name lookup) and prefix arithmetic for the VIP agent.
 */
public final class IpAddresses {

  private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {}

  /**
   * Parses an IPv4 dotted quad (no leading zeros) or an IPv6 literal (no zone, no brackets).
   *
   * @throws IllegalArgumentException when the text is not such a literal
   */
  public static InetAddress parse(String text) {
    String s = text.strip();
    try {
      if (V4.matcher(s).matches()) {
        return InetAddress.getByName(s);
      }
      if (s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches()) {
        InetAddress a = InetAddress.getByName(s);
        if (a instanceof Inet6Address) {
          return a;
        }
        throw new IllegalArgumentException("an IPv4-mapped IPv6 address; write the IPv4 form: '"
            + ParamReader.show(text) + "'");
      }
    } catch (UnknownHostException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("not an IPv4 or IPv6 address literal: '" + ParamReader.show(text) + "'");
  }

  /** Why the address cannot be a service address, or {@code null} when it can. */
  public static String unusableReason(InetAddress a) {
    if (a.isAnyLocalAddress()) {
      return "is the unspecified address";
    }
    if (a.isLoopbackAddress()) {
      return "is a loopback address";
    }
    if (a.isMulticastAddress()) {
      return "is a multicast address";
    }
    if (a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255")) {
      return "is the broadcast address";
    }
    return null;
  }

  /** The maximal prefix length of the address family: 32 or 128. */
  public static int maxPrefix(InetAddress a) {
    return a instanceof Inet4Address ? 32 : 128;
  }

  /** Whether {@code ip} lies in {@code network/prefix} (same family). */
  public static boolean contains(InetAddress network, int prefix, InetAddress ip) {
    byte[] n = network.getAddress();
    byte[] i = ip.getAddress();
    if (n.length != i.length || prefix < 0 || prefix > n.length * 8) {
      return false;
    }
    BigInteger mask = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(n.length * 8 - prefix);
    return new BigInteger(1, n).and(mask).equals(new BigInteger(1, i).and(mask));
  }

  /** The text {@code ip} accepts, in canonical form (compressed for IPv6). */
  public static String format(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    String full = a.getHostAddress();
    int pct = full.indexOf('%');
    if (pct >= 0) {
      full = full.substring(0, pct);
    }
    return compress(full);
  }

  private static String compress(String full) {
    String[] parts = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replaceFirst("^0+(?=.)", "");
    }
    for (int i = 0; i < parts.length; ) {
      if (parts[i].equals("0")) {
        int j = i;
        while (j < parts.length && parts[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return String.join(":", parts);
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
    return left + "::" + right;
  }
}
