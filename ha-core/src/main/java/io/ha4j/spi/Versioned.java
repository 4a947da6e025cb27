package io.ha4j.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key's value with its version.
 *
 * <p>The version is a positive number that changes on every write of the key and is never reused for
 * that key, not even after the key is deleted and created again; it only grows for a given key.
 * Versions of different keys are not comparable. Pass it to {@link Coordinator#compareAndSet} and
 * {@link Coordinator#compareAndDelete}.
 *
 * @param key the key
 * @param value the stored bytes (a defensive copy is made on the way in and out)
 * @param version the key's version, {@code >= 1}
 */
public record Versioned(String key, byte[] value, long version) {

  /** Checks the fields and copies the value. */
  public Versioned {
    Objects.requireNonNull(key, "key");
    value = Objects.requireNonNull(value, "value").clone();
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }

  /** A copy of the stored bytes. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Versioned v
        && v.key.equals(key)
        && v.version == version
        && Arrays.equals(v.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "Versioned[" + key + " v" + version + ", " + value.length + " bytes]";
  }
}
