package io.ha4j.agents;

/**
 * An in-JVM service that {@link HttpServiceAgent} starts and stops, e.g. an embedded HTTP server.
 * Register it by name with {@link HttpServiceAgent.Builder#lifecycle}; a resource selects it with
 * the {@code lifecycle} parameter.
 *
 * <p>{@code start} and {@code stop} are called from the runtime's agent threads, never concurrently
 * for one resource; they must be idempotent (starting a started service and stopping a stopped one
 * succeed).
 */
public interface ServiceLifecycle {

  /** Starts the service; returns when it is started (the agent then waits for the status URL). */
  void start() throws Exception;

  /** Stops the service; returns when it is stopped. */
  void stop() throws Exception;

  /** Whether the service considers itself running; the status URL is checked only when it does. */
  default boolean isRunning() {
    return true;
  }
}
