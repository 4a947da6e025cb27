package io.ha4j.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of one key seen by a {@link Coordinator#watch watch}.
 *
 * @param key the key that changed
 * @param value the key's value after the change, or empty when the key was deleted
 */
public record WatchEvent(String key, Optional<Versioned> value) {

  /** Checks the fields. */
  public WatchEvent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** True when the key no longer exists. */
  public boolean deleted() {
    return value.isEmpty();
  }
}
