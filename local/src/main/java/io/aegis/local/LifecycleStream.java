package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints one line each time an AegisAlert's lifecycle changes — type, status, count, triggerStatus,
 * opsStatus (and the status message, when there is one) — which is what {@code kubectl get
 * aegisalert -w} shows, without kubectl.
 */
final class LifecycleStream implements AutoCloseable {
  static final ResourceDefinitionContext ALERTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("aegis.io")
          .withVersion("v1alpha1")
          .withKind("AegisAlert")
          .withPlural("aegisalerts")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final PrintStream out;
  private final Map<String, String> last = new ConcurrentHashMap<>();
  private SharedIndexInformer<GenericKubernetesResource> informer;

  LifecycleStream(KubernetesClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  void start() {
    informer =
        client
            .genericKubernetesResources(ALERTS)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource alert) {
                    changed(alert);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource alert) {
                    changed(alert);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource alert, boolean unknown) {
                    String key = key(alert);
                    last.remove(key);
                    print(key + "  deleted");
                  }
                });
  }

  private void changed(GenericKubernetesResource alert) {
    String line = describe(Json.MAPPER.valueToTree(alert));
    String key = key(alert);
    if (!line.equals(last.put(key, line))) {
      print(key + "  " + line);
    }
  }

  /** The lifecycle part of an alert, as printed. */
  static String describe(JsonNode alert) {
    JsonNode status = alert.path("status");
    JsonNode ops = status.path("opsStatus");
    String message = ops.path("message").asText("");
    return String.join(
            "  ",
            alert.path("spec").path("type").asText("?"),
            status.path("status").asText(alert.path("spec").path("status").asText("?")),
            "count=" + status.path("count").asText("-"),
            "trigger=" + ops.path("triggerStatus").asText("-"),
            "ops=" + ops.path("alertOpsStatus").asText("-"))
        + (message.isEmpty() ? "" : "  \"" + message + "\"");
  }

  private void print(String line) {
    out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  alert " + line);
  }

  private static String key(GenericKubernetesResource alert) {
    return alert.getMetadata().getNamespace() + "/" + alert.getMetadata().getName();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
