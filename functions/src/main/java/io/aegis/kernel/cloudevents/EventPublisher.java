package io.aegis.kernel.cloudevents;

/**
 * Publishes events to the broker for functions that emit more than one event per request, or that
 * are called outside the broker (webhooks). The production implementation POSTs binary-mode
 * CloudEvents to {@code K_SINK}.
 */
public interface EventPublisher {
  /**
   * Publishes {@code event} with the given id; returns once the broker accepted it (2xx).
   *
   * @throws io.aegis.kernel.error.AegisException with {@code SINK_UNAVAILABLE} when retries are
   *     exhausted or the timeout passed
   */
  void publish(String id, Reply event);
}
