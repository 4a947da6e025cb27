package io.ha4j.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard's line protocol: what it accepts, exactly, and that it refuses everything odd. */
class GuardProtocolTest {

  @Test
  void parsesEveryCommand() {
    assertThat(GuardProtocol.parse("LEASE 600")).isEqualTo(new GuardCommand.Lease(600));
    assertThat(GuardProtocol.parse("LEASE 3600000")).isEqualTo(new GuardCommand.Lease(3_600_000));
    assertThat(GuardProtocol.parse("HOLD ADDR eth0 192.0.2.10/24"))
        .isEqualTo(new GuardCommand.Hold(HeldResource.address("eth0", "192.0.2.10/24")));
    assertThat(GuardProtocol.parse("HOLD ADDR veth-a.100 198.18.0.1/32 ha4jtest-1a2b"))
        .isEqualTo(new GuardCommand.Hold(HeldResource.address("veth-a.100", "198.18.0.1/32", "ha4jtest-1a2b")));
    assertThat(GuardProtocol.parse("RELEASE ADDR eth0 2001:DB8::10/64"))
        .isEqualTo(new GuardCommand.Release(HeldResource.address("eth0", "2001:db8::10/64")));
    assertThat(GuardProtocol.parse("HOLD PID 4242 123456"))
        .isEqualTo(new GuardCommand.Hold(new HeldResource.ProcessInstance(4242, 123456)));
    assertThat(GuardProtocol.parse("RELEASE UNIT haproxy@edge\\x2d1.service"))
        .isEqualTo(new GuardCommand.Release(HeldResource.unit("haproxy@edge\\x2d1.service")));
    assertThat(GuardProtocol.parse("JVM 77")).isEqualTo(new GuardCommand.Jvm(77, -1));
    assertThat(GuardProtocol.parse("JVM 77 0")).isEqualTo(new GuardCommand.Jvm(77, 0));
    assertThat(GuardProtocol.parse("MODE kill-jvm")).isEqualTo(new GuardCommand.Mode(GuardMode.KILL_JVM));
    assertThat(GuardProtocol.parse("MODE release-only")).isEqualTo(new GuardCommand.Mode(GuardMode.RELEASE_ONLY));
    assertThat(GuardProtocol.parse("BYE")).isEqualTo(new GuardCommand.Bye());
  }

  @Test
  void acceptsTheIpv6Forms() {
    for (String a : new String[] {"::1/128", "::/0", "fe80::1/64", "2001:db8:0:0:0:0:0:1/64", "1::/16",
        "1:2:3:4:5:6:7::/112", "::2:3:4:5:6:7:8/64"}) {
      assertThat(GuardProtocol.parse("HOLD ADDR eth0 " + a)).as(a).isInstanceOf(GuardCommand.Hold.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      " ",
      "LEASE",
      "LEASE 0",
      "LEASE 3600001",
      "LEASE -5",
      "LEASE +5",
      "LEASE 0600",
      "LEASE 1e3",
      "LEASE 600ms",
      "LEASE 99999999999999999999999",
      "LEASE  600",
      " LEASE 600",
      "LEASE 600 ",
      "LEASE\t600",
      "lease 600",
      "LEASE 600\r",
      "LEASE 600\nBYE",
      "BYE now",
      "BYE\u0000",
      "MODE kill",
      "MODE KILL-JVM",
      "MODE",
      "JVM",
      "JVM 1",
      "JVM 0",
      "JVM 4194305",
      "JVM 12 -1",
      "JVM 12 34 56",
      "HOLD",
      "HOLD FILE /etc/passwd",
      "HOLD ADDR",
      "HOLD ADDR eth0",
      "HOLD ADDR eth0; rm -rf / 10.0.0.1/32",
      "HOLD ADDR eth0;rm 10.0.0.1/32",
      "HOLD ADDR eth0 10.0.0.1/32; rm -rf /",
      "HOLD ADDR eth0 10.0.0.1/32;reboot",
      "HOLD ADDR $(reboot) 10.0.0.1/32",
      "HOLD ADDR eth0 $(reboot)",
      "HOLD ADDR eth0 10.0.0.1/32 $(reboot)",
      "HOLD ADDR `id` 10.0.0.1/32",
      "HOLD ADDR eth0|id 10.0.0.1/32",
      "HOLD ADDR eth0&id 10.0.0.1/32",
      "HOLD ADDR eth0>x 10.0.0.1/32",
      "HOLD ADDR 'eth0' 10.0.0.1/32",
      "HOLD ADDR \"eth0\" 10.0.0.1/32",
      "HOLD ADDR -f 10.0.0.1/32",
      "HOLD ADDR --help 10.0.0.1/32",
      "HOLD ADDR eth0 -f",
      "HOLD ADDR eth0 10.0.0.1/32 -n",
      "HOLD ADDR eth0 10.0.0.1/32 ../../etc",
      "HOLD ADDR eth0 10.0.0.1/32 a/b",
      "HOLD ADDR eth0 10.0.0.1/32 ns extra",
      "HOLD ADDR verylonginterface0 10.0.0.1/32",
      "HOLD ADDR eth0 10.0.0.1",
      "HOLD ADDR eth0 10.0.0.1/",
      "HOLD ADDR eth0 /32",
      "HOLD ADDR eth0 10.0.0.1/33",
      "HOLD ADDR eth0 10.0.0.1/032",
      "HOLD ADDR eth0 10.0.0.256/32",
      "HOLD ADDR eth0 010.0.0.1/32",
      "HOLD ADDR eth0 10.0.1/32",
      "HOLD ADDR eth0 10.0.0.1.5/32",
      "HOLD ADDR eth0 10.0.0.1/24/24",
      "HOLD ADDR eth0 localhost/32",
      "HOLD ADDR eth0 ::1::2/64",
      "HOLD ADDR eth0 :::/64",
      "HOLD ADDR eth0 2001:db8::1/129",
      "HOLD ADDR eth0 1:2:3:4:5:6:7:8:9/64",
      "HOLD ADDR eth0 12345::1/64",
      "HOLD ADDR eth0 ::ffff:10.0.0.1/128",
      "HOLD ADDR eth0 fe80::1%eth0/64",
      "HOLD ADDR eth0 \uff11\uff10.0.0.1/32",
      "HOLD ADDR \u00e9th0 10.0.0.1/32",
      "HOLD PID",
      "HOLD PID 42",
      "HOLD PID 1 123",
      "HOLD PID 0 123",
      "HOLD PID -42 123",
      "HOLD PID 042 123",
      "HOLD PID 4194305 123",
      "HOLD PID 42 -1",
      "HOLD PID 42 123 9",
      "HOLD PID 42 99999999999999999999",
      "HOLD PID $$ 1",
      "HOLD UNIT",
      "HOLD UNIT sshd",
      "HOLD UNIT -f.service",
      "HOLD UNIT --root=/ x.service",
      "HOLD UNIT x.service;reboot",
      "HOLD UNIT ../x.service",
      "HOLD UNIT x/y.service",
      "HOLD UNIT `id`.service",
      "HOLD UNIT $(id).service",
      "HOLD UNIT x.service x.service",
      "RELEASE",
      "RELEASE ADDR -f 10.0.0.1/32",
      "RELEASE PID 1 1",
      "RELEASE UNIT -x.service",
      "REBOOT",
  })
  void refusesOddLines(String line) {
    assertThatThrownBy(() -> GuardProtocol.parse(line)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesLongLines() {
    String unit = "a".repeat(GuardProtocol.MAX_LINE) + ".service";
    assertThatThrownBy(() -> GuardProtocol.parse("HOLD UNIT " + unit))
        .hasMessageContaining("longer than " + GuardProtocol.MAX_LINE);
  }

  @Test
  void reasonsAreSafeToEchoBack() {
    assertThatThrownBy(() -> GuardProtocol.parse("HOLD ADDR e\u001b[2J 10.0.0.1/32"))
        .hasMessageContaining("not printable");
    assertThatThrownBy(() -> GuardProtocol.parse("HOLD ADDR " + "x".repeat(100) + " 10.0.0.1/32"))
        .message().hasSizeLessThan(120);
  }

  @Test
  void resourcesRefuseBadFieldsOnConstructionToo() {
    assertThatThrownBy(() -> HeldResource.address("-f", "10.0.0.1/32")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeldResource.address("eth0", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeldResource.unit("x.service;id")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HeldResource.ProcessInstance(1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeldResource.process(Fields.PID_MAX)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLiveProcessIsNamedByPidAndStartTime() {
    HeldResource.ProcessInstance self = HeldResource.process(ProcessHandle.current().pid());
    assertThat(self.startTime()).isPositive();
    assertThat(ProcStat.isRunning(self.pid(), self.startTime())).isTrue();
    assertThat(ProcStat.isRunning(self.pid(), self.startTime() + 1)).isFalse();
  }

  /** Whatever arrives, parsing either refuses it or yields a command that prints back as the same line. */
  @Property(tries = 3000)
  void anyLineIsRefusedOrRoundTrips(@ForAll @StringLength(max = 80) String tail) {
    for (String prefix : new String[] {"HOLD ADDR ", "HOLD PID ", "HOLD UNIT ", "RELEASE ADDR eth0 ", "LEASE ", "JVM ", "MODE "}) {
      String line = prefix + tail;
      GuardCommand c;
      try {
        c = GuardProtocol.parse(line);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      assertThat(line).doesNotContainPattern("[;&|`$<>'\"\\\\()\\s&&[^ ]]|\\s-|[^\\x20-\\x7e]");
      assertThat(print(c)).isEqualToIgnoringCase(line);
    }
  }

  private static String print(GuardCommand c) {
    if (c instanceof GuardCommand.Hold h) {
      return "HOLD " + h.resource().protocolArguments();
    } else if (c instanceof GuardCommand.Release r) {
      return "RELEASE " + r.resource().protocolArguments();
    } else if (c instanceof GuardCommand.Lease l) {
      return "LEASE " + l.millis();
    } else if (c instanceof GuardCommand.Jvm j) {
      return "JVM " + j.pid() + (j.startTime() < 0 ? "" : " " + j.startTime());
    } else if (c instanceof GuardCommand.Mode m) {
      return "MODE " + m.mode().protocolName();
    }
    return "BYE";
  }
}
