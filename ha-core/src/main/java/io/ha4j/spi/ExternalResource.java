package io.ha4j.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Something a resource agent created outside the JVM that must not outlive the node's lease: an IP
 * address, a child process, a systemd unit. The runtime hands the list of these to the {@link
 * ExternalResourceGuard}, which removes them when the JVM dies or stops extending its lease.
 *
 * @param resourceId the primitive that owns it
 * @param kind what it is, e.g. {@code ip-address}, {@code process}, {@code systemd-unit}
 * @param attributes how to find and remove it, e.g. {@code address=10.0.0.100/24, device=eth0} or
 *     {@code pid=4242}; the guard defines which keys it understands
 */
public record ExternalResource(String resourceId, String kind, Map<String, String> attributes) {

  /** Checks and copies. */
  public ExternalResource {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(kind, "kind");
    attributes = Map.copyOf(attributes);
  }
}
