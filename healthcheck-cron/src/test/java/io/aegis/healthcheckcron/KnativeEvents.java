package io.aegis.healthcheckcron;

import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Locale;

/**
 * CloudEvents shaped exactly as Knative's PingSource and ApiServerSource (Resource mode) emit them.
 */
final class KnativeEvents {
  static final String API_SERVER = "https://10.96.0.1:443";

  private KnativeEvents() {}

  /** A tick of PingSource {@code aegis/<name>} with the data of 461-aegis-healthcheck.yaml. */
  static CloudEventsHttp.Event ping(String name) {
    return CloudEventsHttp.event(EventTypes.PING)
        .source("/apis/v1/namespaces/aegis/pingsources/" + name)
        .extension("time", "2025-03-14T09:30:00.000Z")
        .dataContentType("application/json")
        .data("{\"check\":\"schedules\"}");
  }

  /**
   * An ApiServerSource event about {@code object}: source = the API server, subject = the guessed
   * self link, extensions kind / apiversion / name / namespace, data = the whole object.
   */
  static CloudEventsHttp.Event apiServer(String type, HasMetadata object) {
    String plural = object.getKind().toLowerCase(Locale.ROOT) + "s";
    return CloudEventsHttp.event(type)
        .source(API_SERVER)
        .subject(
            "/apis/"
                + object.getApiVersion()
                + "/namespaces/"
                + object.getMetadata().getNamespace()
                + "/"
                + plural
                + "/"
                + object.getMetadata().getName())
        .extension("kind", object.getKind())
        .extension("apiversion", object.getApiVersion())
        .extension("name", object.getMetadata().getName())
        .extension("namespace", object.getMetadata().getNamespace())
        .extension("knativearrivaltime", "2025-03-14T09:30:00.1Z")
        .dataContentType("application/json")
        .data(Serialization.asJson(object));
  }
}
