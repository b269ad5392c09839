package io.aegis.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.knative.sources.v1.APIVersionKind;
import io.fabric8.knative.sources.v1.APIVersionKindSelector;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive adapter of Knative ApiServerSources: one informer per {@code resources[]} entry,
 * emitting {@code dev.knative.apiserver.resource.add|update|delete} (Resource mode, data = the
 * object) or {@code dev.knative.apiserver.ref.*} (Reference mode) with the attributes of
 * KNATIVE-NOTES §1.2: {@code source} = the API server URL, {@code subject} = {@code
 * /apis/<apiVersion>/namespaces/<ns>/<guessed plural>/<name>}, extensions {@code kind}, {@code
 * apiversion}, {@code name}, {@code namespace} (plus {@code ceOverrides}).
 *
 * <p>Like the real adapter it sends nothing for objects that exist when it starts. The label
 * selector, the namespace selector (unset: the source's namespace; {@code {}}: all) and the {@code
 * owner} filter are evaluated here, on every change, so that an object that starts matching is an
 * {@code add} and one that stops matching a {@code delete}, as the API server's filtered watch
 * reports them — also for set-based selectors, which the mock server ignores.
 */
final class ApiServerSourceAdapter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServerSourceAdapter.class);

  private final KubernetesClient client;
  private final URI apiServer;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Namespace> namespaces;

  ApiServerSourceAdapter(KubernetesClient client, URI apiServer) {
    this.client = client;
    this.apiServer = apiServer;
  }

  /** Starts watching for {@code source}; events go to {@code sink}. */
  void start(ApiServerSource source, Consumer<CloudEvent> sink) {
    String name = source.getMetadata().getNamespace() + "/" + source.getMetadata().getName();
    for (APIVersionKindSelector resource : source.getSpec().getResources()) {
      Watch watch = new Watch(source, resource, sink);
      try {
        SharedIndexInformer<GenericKubernetesResource> informer =
            client
                .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
                .inAnyNamespace()
                .runnableInformer(0);
        informer.addEventHandler(watch);
        informers.add(informer);
        informer.start().toCompletableFuture().join();
        watch.baseline.complete(version(informer.lastSyncResourceVersion()));
      } catch (KubernetesClientException | CompletionException e) {
        watch.baseline.complete(-1L);
        // Like the real adapter without permission or CRD: this resource sends nothing.
        log.warn(
            "ApiServerSource {}: cannot watch {} {} (is its CRD installed, may we list it?): {}",
            name,
            resource.getApiVersion(),
            resource.getKind(),
            e.getMessage());
      }
    }
  }

  private final class Watch implements ResourceEventHandler<GenericKubernetesResource> {
    final CompletableFuture<Long> baseline = new CompletableFuture<>();
    private final ApiServerSource source;
    private final APIVersionKindSelector resource;
    private final Consumer<CloudEvent> sink;
    private final Set<String> matching = ConcurrentHashMap.newKeySet();

    Watch(ApiServerSource source, APIVersionKindSelector resource, Consumer<CloudEvent> sink) {
      this.source = source;
      this.resource = resource;
      this.sink = sink;
    }

    @Override
    public void onAdd(GenericKubernetesResource obj) {
      long base = baseline.join();
      long rv = version(obj.getMetadata().getResourceVersion());
      boolean existing = base >= 0 && rv >= 0 && rv <= base;
      if (passes(obj) && matching.add(key(obj)) && !existing) {
        emit("add", obj);
      }
    }

    @Override
    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource obj) {
      if (Objects.equals(
          old.getMetadata().getResourceVersion(), obj.getMetadata().getResourceVersion())) {
        return;
      }
      boolean was = matching.contains(key(obj));
      boolean is = passes(obj);
      if (was && is) {
        emit("update", obj);
      } else if (is) {
        matching.add(key(obj));
        emit("add", obj);
      } else if (was) {
        matching.remove(key(obj));
        emit("delete", obj);
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      if (matching.remove(key(obj))) {
        emit("delete", obj);
      }
    }

    private boolean passes(GenericKubernetesResource obj) {
      return Selectors.matches(resource.getSelector(), obj.getMetadata().getLabels())
          && namespaceSelected(obj.getMetadata().getNamespace())
          && ownedAsRequired(obj);
    }

    private boolean namespaceSelected(String namespace) {
      LabelSelector selector = source.getSpec().getNamespaceSelector();
      if (selector == null) {
        return source.getMetadata().getNamespace().equals(namespace);
      }
      if (namespace == null) {
        return true;
      }
      Namespace ns = namespaces().getStore().getByKey(namespace);
      return Selectors.matches(selector, ns == null ? Map.of() : ns.getMetadata().getLabels());
    }

    private boolean ownedAsRequired(GenericKubernetesResource obj) {
      APIVersionKind owner = source.getSpec().getOwner();
      if (owner == null) {
        return true;
      }
      return obj.getMetadata().getOwnerReferences().stream()
          .filter(r -> Boolean.TRUE.equals(r.getController()))
          .anyMatch(
              r ->
                  owner.getApiVersion().equals(r.getApiVersion())
                      && owner.getKind().equals(r.getKind()));
    }

    private void emit(String action, GenericKubernetesResource obj) {
      boolean resourceMode = "Resource".equals(source.getSpec().getMode());
      String namespace = Objects.toString(obj.getMetadata().getNamespace(), "");
      CloudEventBuilder event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(apiServer)
              .withType("dev.knative.apiserver." + (resourceMode ? "resource." : "ref.") + action)
              .withSubject(
                  "/apis/"
                      + resource.getApiVersion()
                      + "/namespaces/"
                      + namespace
                      + "/"
                      + plural(resource.getKind())
                      + "/"
                      + obj.getMetadata().getName())
              .withExtension("kind", resource.getKind())
              .withExtension("apiversion", resource.getApiVersion())
              .withExtension("name", obj.getMetadata().getName())
              .withExtension("namespace", namespace);
      if (source.getSpec().getCeOverrides() != null
          && source.getSpec().getCeOverrides().getExtensions() != null) {
        source.getSpec().getCeOverrides().getExtensions().forEach(event::withExtension);
      }
      byte[] data;
      if (resourceMode) {
        data = Serialization.asJson(obj).getBytes(StandardCharsets.UTF_8);
      } else {
        ObjectNode ref = Json.MAPPER.createObjectNode();
        ref.put("kind", resource.getKind()).put("namespace", namespace);
        ref.put("name", obj.getMetadata().getName()).put("apiVersion", resource.getApiVersion());
        data = ref.toString().getBytes(StandardCharsets.UTF_8);
      }
      sink.accept(event.withData("application/json", data).build());
    }
  }

  private synchronized SharedIndexInformer<Namespace> namespaces() {
    if (namespaces == null) {
      namespaces = client.namespaces().inform();
    }
    return namespaces;
  }

  /**
   * {@code meta.UnsafeGuessKindToResource}: lower-case, then {@code -s}, {@code -es} or {@code
   * -ies}.
   */
  static String plural(String kind) {
    String k = kind.toLowerCase(Locale.ROOT);
    if (k.endsWith("s")) {
      return k + "es";
    } else if (k.endsWith("y")) {
      return k.substring(0, k.length() - 1) + "ies";
    }
    return k + "s";
  }

  private static String key(GenericKubernetesResource obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }

  /** A resourceVersion as a number (in practice an etcd revision); -1 when it is not one. */
  static long version(String resourceVersion) {
    try {
      return resourceVersion == null ? -1 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    if (namespaces != null) {
      namespaces.close();
    }
  }
}
