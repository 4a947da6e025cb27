package io.ha4j.spi;

/** A registered watch; {@link #close()} stops the deliveries (idempotent, never throws). */
public interface Watch extends AutoCloseable {

  /** Stops delivering events to this watch's listener. */
  @Override
  void close();
}
