package io.aegis.kernel.cloudevents;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import java.util.Map;

/**
 * A CloudEvent as the HTTP edge hands it to a function: attributes, extensions (lower-case names,
 * e.g. ApiServerSource's {@code kind}, {@code apiversion}, {@code name}, {@code namespace}) and the
 * raw data (null when the event has none). Functions never see HTTP headers or SDK classes.
 */
public record InboundEvent(
    String id,
    String type,
    String source,
    String subject,
    String dataContentType,
    Map<String, String> extensions,
    byte[] data) {

  public InboundEvent {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** An extension attribute such as {@code kind} or {@code namespace}, or null. */
  public String extension(String name) {
    return extensions.get(name);
  }

  /**
   * True for a tick of the PingSource named {@code pingSourceName}: Knative sets a ping's {@code
   * source} to {@code /apis/v1/namespaces/<ns>/pingsources/<name>} (KNATIVE-NOTES §2).
   */
  public boolean isPingFrom(String pingSourceName) {
    return EventTypes.PING.equals(type)
        && source != null
        && source.endsWith("/pingsources/" + pingSourceName);
  }

  /**
   * True for an ApiServerSource event about an object of {@code apiVersion} and {@code kind}, read
   * from the {@code apiversion} and {@code kind} extensions Knative adds (KNATIVE-NOTES §1.2).
   */
  public boolean isAbout(String apiVersion, String kind) {
    return kind.equals(extension("kind")) && apiVersion.equals(extension("apiversion"));
  }

  /** Binds the JSON data to {@code type}; a body that does not bind is an invalid (4xx) event. */
  public <T> T dataAs(Class<T> type) {
    if (data == null || data.length == 0) {
      throw AegisException.invalid("event " + id + " of type " + this.type + " has no data");
    }
    return Json.read(data, type, "event " + id + " of type " + this.type);
  }
}
