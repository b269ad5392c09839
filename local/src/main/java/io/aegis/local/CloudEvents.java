package io.aegis.local;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.util.Map;
import java.util.TreeMap;

/** CloudEvents read from HTTP, in binary or structured mode. */
final class CloudEvents {
  private CloudEvents() {}

  /**
   * The event carried by an HTTP message; header names in any case.
   *
   * @throws IllegalArgumentException when the message is not a valid CloudEvent
   */
  static CloudEvent read(Map<String, String> headers, byte[] body) {
    Map<String, String> lower = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    try {
      CloudEvent event = HttpMessageFactory.createReader(lower, body).toEvent();
      if (event.getId() == null
          || event.getId().isEmpty()
          || event.getType() == null
          || event.getType().isEmpty()
          || event.getSource() == null) {
        throw new IllegalArgumentException("id, source and type are required");
      }
      return event;
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code event} with one more extension. */
  static CloudEvent withExtension(CloudEvent event, String name, String value) {
    return CloudEventBuilder.from(event).withExtension(name, value).build();
  }
}
