package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * AegisAlerts for the local runner's tests, as untyped resources (the embedded API's tests) and as
 * JSON (what kubectl shows), and posting one as {@code curl} does.
 */
final class AlertFixtures {
  static final String NAMESPACE = "monitoring";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AlertFixtures() {}

  /** The README alert (NodeHasEmergencyEvent on Node dev1) in {@code monitoring}, no status. */
  static GenericKubernetesResource readme(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("aegis.io/v1alpha1")
        .withKind("AegisAlert")
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "type",
                    "NodeHasEmergencyEvent",
                    "involvedObject",
                    Map.of("kind", "Node", "name", "dev1"))))
        .build();
  }

  /**
   * Sets the alert's status as a triggered, pending first firing: Firing, 1, Triggered, Pending.
   */
  static void markTriggered(KubernetesClient client, String name) {
    client
        .genericKubernetesResources("aegis.io/v1alpha1", "AegisAlert")
        .inNamespace(NAMESPACE)
        .withName(name)
        .editStatus(
            a -> {
              a.setAdditionalProperty(
                  "status",
                  Map.of(
                      "status",
                      "Firing",
                      "count",
                      1,
                      "opsStatus",
                      Map.of("triggerStatus", "Triggered", "alertOpsStatus", "Pending")));
              return a;
            });
  }

  /** The first AegisAlert in {@code monitoring} whose {@code spec.<field>} is {@code value}. */
  static Optional<JsonNode> find(KubernetesClient client, String field, String value) {
    return client
        .genericKubernetesResources("aegis.io/v1alpha1", "AegisAlert")
        .inNamespace(NAMESPACE)
        .list()
        .getItems()
        .stream()
        .map(a -> (JsonNode) JSON.valueToTree(a))
        .filter(a -> value.equals(a.path("spec").path(field).asText()))
        .findFirst();
  }

  /** POSTs a JSON body, as {@code curl -X POST -H 'Content-Type: application/json' -d ...}. */
  static HttpResponse<String> post(URI url, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
