package io.ha4j.guard;

/**
 * Something outside the JVM that the guard removes when the node's lease ends: an IP address, a
 * process instance or a systemd unit. Every field is checked strictly on construction (see the
 * README's protocol reference); a bad value throws {@link IllegalArgumentException}.
 *
 * <p>Immutable values; equal values name the same resource, so a {@code release} matches the
 * {@code hold} that named it.
 */
public sealed interface HeldResource
    permits HeldResource.Address, HeldResource.ProcessInstance, HeldResource.Unit {

  /** The arguments after {@code HOLD}/{@code RELEASE} on the wire, e.g. {@code ADDR eth0 10.0.0.5/24}. */
  String protocolArguments();

  /** An address on a device in the guard's own network namespace. */
  static Address address(String device, String cidr) {
    return new Address(device, cidr, null);
  }

  /** An address on a device in the named network namespace ({@code ip -n NETNS}). */
  static Address address(String device, String cidr, String netns) {
    return new Address(device, cidr, netns);
  }

  /**
   * The process with this pid as it is now (its start time is read from {@code /proc}).
   *
   * @throws IllegalArgumentException when no such process exists
   */
  static ProcessInstance process(long pid) {
    long start = ProcStat.startTime(Fields.pid(pid)).orElseThrow(
        () -> new IllegalArgumentException("no process " + pid + " in /proc"));
    return new ProcessInstance(pid, start);
  }

  /** A systemd unit, stopped with {@code systemctl stop}. */
  static Unit unit(String name) {
    return new Unit(name);
  }

  /**
   * An IP address with its prefix length on a device, removed with {@code ip [-n NETNS] addr del
   * CIDR dev DEVICE}.
   *
   * @param device the interface name, e.g. {@code eth0}
   * @param cidr {@code 192.0.2.10/24} or {@code 2001:db8::10/64} (IPv6 is kept in lower case)
   * @param netns the network namespace, or {@code null} for the guard's own
   */
  record Address(String device, String cidr, String netns) implements HeldResource {
    /** Checks every field. */
    public Address {
      device = Fields.device(nonNull(device, "device"));
      cidr = Fields.cidr(nonNull(cidr, "cidr"));
      netns = netns == null ? null : Fields.netns(netns);
    }

    @Override
    public String protocolArguments() {
      return "ADDR " + device + " " + cidr + (netns == null ? "" : " " + netns);
    }
  }

  /**
   * One process instance: a pid and its start time (clock ticks since boot, {@code /proc/PID/stat}
   * field 22). The guard kills it, and the descendants it has at that moment, with SIGKILL only if
   * the pid still has this start time, so a reused pid is never killed.
   */
  record ProcessInstance(long pid, long startTime) implements HeldResource {
    /** Checks both fields: pid 2..4194304, start time not negative. */
    public ProcessInstance {
      Fields.pid(pid);
      Fields.startTime(startTime);
    }

    @Override
    public String protocolArguments() {
      return "PID " + pid + " " + startTime;
    }
  }

  /** A systemd unit such as {@code haproxy.service}, stopped with {@code systemctl stop}. */
  record Unit(String name) implements HeldResource {
    /** Checks the name. */
    public Unit {
      name = Fields.unit(nonNull(name, "unit name"));
    }

    @Override
    public String protocolArguments() {
      return "UNIT " + name;
    }
  }

  private static String nonNull(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }
}
