package io.aegis.diagnose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * CloudEvents exactly as Knative's ApiServerSource (Resource mode) sends them (KNATIVE-NOTES §1.2):
 * source = the API server host, subject = a self-link-like path with a guessed plural, extensions
 * {@code kind}, {@code apiversion}, {@code name}, {@code namespace}, the broker's {@code
 * knativearrivaltime}, and the whole object as data (managedFields included).
 */
final class ApiServerEvents {
  private ApiServerEvents() {}

  static CloudEventsHttp.Event add(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    ObjectNode data =
        (ObjectNode)
            Json.tree(Serialization.asJson(object).getBytes(StandardCharsets.UTF_8), "object");
    ArrayNode managed = ((ObjectNode) data.get("metadata")).putArray("managedFields");
    ObjectNode entry = managed.addObject();
    entry.put("manager", "kubectl-client-side-apply");
    entry.put("operation", "Update");
    entry.put("apiVersion", object.getApiVersion());
    entry.put("fieldsType", "FieldsV1");
    entry.putObject("fieldsV1").putObject("f:spec");
    return CloudEventsHttp.event(EventTypes.APISERVER_ADD)
        .source("https://10.96.0.1:443")
        .subject(
            "/apis/"
                + object.getApiVersion()
                + "/namespaces/"
                + ns
                + "/"
                + plural(object)
                + "/"
                + name)
        .extension("kind", object.getKind())
        .extension("apiversion", object.getApiVersion())
        .extension("name", name)
        .extension("namespace", ns)
        .extension("knativearrivaltime", Instant.now().toString())
        .data(data.toString());
  }

  /** A tick of the PingSource {@code aegis/<name>}. */
  static CloudEventsHttp.Event ping(String name) {
    return CloudEventsHttp.event(EventTypes.PING)
        .source("/apis/v1/namespaces/aegis/pingsources/" + name)
        .data("{\"sweep\":\"reconcile\"}");
  }

  /**
   * meta.UnsafeGuessKindToResource: lower-case, then "es" after an "s", "ies" for a "y", else "s".
   */
  private static String plural(HasMetadata object) {
    String singular = object.getKind().toLowerCase(Locale.ROOT);
    if (singular.endsWith("s")) {
      return singular + "es";
    }
    if (singular.endsWith("y")) {
      return singular.substring(0, singular.length() - 1) + "ies";
    }
    return singular + "s";
  }
}
