package io.aegis.kernel.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How {@link StatusWriter} sends its patches: the transport only (URL, request, error mapping);
 * what to send and when is the writer's.
 */
final class StatusPatches {
  private static final String JSON_PATCH = "application/json-patch+json";

  private final KubernetesClient client;
  private final KubernetesSerialization json;
  private final ConcurrentMap<Class<? extends HasMetadata>, ResourceDefinitionContext> contexts =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Class<? extends HasMetadata>, String> urlPrefixes =
      new ConcurrentHashMap<>();

  StatusPatches(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
  }

  /** The resource of {@code kind} (cached: fabric8 derives it by reflection). */
  ResourceDefinitionContext context(Class<? extends HasMetadata> kind) {
    return contexts.computeIfAbsent(kind, ResourceDefinitionContext::fromResourceType);
  }

  /**
   * Sends a JSON Patch to the object's {@code status} subresource: one PATCH with fabric8's own
   * HTTP client (its authentication, TLS, timeouts and retries), but not through fabric8's resource
   * operations. Given only a name, {@code patch(PatchContext, String)} GETs the object first; given
   * an object, it clones it (serialises and parses it again), joins the URL with regular
   * expressions and parses the patch text back into a tree — on every call, half of this writer's
   * CPU under the throughput benchmark (JFR, docs/performance.md). Errors become fabric8's {@link
   * KubernetesClientException} with the HTTP code, as from the resource operations.
   */
  GenericKubernetesResource send(
      Class<? extends HasMetadata> kind, String namespace, String name, String patch) {
    HttpClient http = client.getHttpClient();
    HttpRequest.Builder request =
        http.newHttpRequestBuilder().uri(statusUrl(kind, namespace, name)).patch(JSON_PATCH, patch);
    long timeout = client.getConfiguration().getRequestTimeout();
    if (timeout > 0) {
      request.timeout(timeout, TimeUnit.MILLISECONDS);
    }
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request.build(), String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while sending the status patch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof KubernetesClientException k) {
        throw k;
      }
      throw new KubernetesClientException("status patch failed: " + cause, cause);
    }
    if (response.isSuccessful()) {
      return json.unmarshal(response.body(), GenericKubernetesResource.class);
    }
    throw failure(response);
  }

  /** The API server's answer to a failed request, as fabric8 reports it. */
  private KubernetesClientException failure(HttpResponse<String> response) {
    String body = response.body();
    Status status = null;
    if (body != null && body.contains("\"Status\"")) {
      try {
        status = json.unmarshal(body, Status.class);
      } catch (RuntimeException e) {
        status = null; // not a Status after all: reported by code below
      }
    }
    String message =
        status != null && status.getMessage() != null
            ? status.getMessage()
            : "HTTP " + response.code() + (body == null || body.isEmpty() ? "" : ": " + body);
    return new KubernetesClientException(message, response.code(), status);
  }

  /** {@code <master>/apis/<group>/<version>/namespaces/<ns>/<plural>/<name>/status}. */
  private String statusUrl(Class<? extends HasMetadata> kind, String namespace, String name) {
    String prefix =
        urlPrefixes.computeIfAbsent(
            kind,
            k -> {
              ResourceDefinitionContext context = context(k);
              String master = client.getMasterUrl().toString();
              if (master.endsWith("/")) {
                master = master.substring(0, master.length() - 1);
              }
              String api =
                  context.getGroup() == null || context.getGroup().isEmpty()
                      ? "/api/" + context.getVersion()
                      : "/apis/" + context.getGroup() + "/" + context.getVersion();
              return master + api + "/namespaces/";
            });
    return prefix + namespace + "/" + context(kind).getPlural() + "/" + name + "/status";
  }
}
