package io.aegis.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment under {@code knative/}, as the local runner uses it: the objects its {@code
 * kustomization.yaml} lists (or, without one, every YAML file outside {@code overlays/}), with the
 * Knative kinds read into fabric8's knative-client model classes.
 *
 * <p>Kustomize transformations (replacements, images) are not applied: the base is written with the
 * default values ({@code monitoring}), which is what runs locally.
 */
final class KnativeManifests {
  private static final Logger log = LoggerFactory.getLogger(KnativeManifests.class);

  static final String EVENTING = "eventing.knative.dev/v1";
  static final String SOURCES = "sources.knative.dev/v1";
  static final String SERVING = "serving.knative.dev/v1";

  private final Path dir;
  private final List<ObjectNode> objects;

  private KnativeManifests(Path dir, List<ObjectNode> objects) {
    this.dir = dir;
    this.objects = List.copyOf(objects);
  }

  /** Reads {@code dir} (usually {@code <repository>/knative}). */
  static KnativeManifests load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "no knative/ directory at "
              + dir.toAbsolutePath()
              + ": run from the repository root or pass --home <repository>");
    }
    List<ObjectNode> objects = new ArrayList<>();
    Path kustomization = dir.resolve("kustomization.yaml");
    if (Files.isRegularFile(kustomization)) {
      readKustomization(dir, objects);
    } else {
      for (Path file : Manifests.yamlFiles(dir)) {
        if (!dir.relativize(file).startsWith("overlays")) {
          objects.addAll(Manifests.read(file));
        }
      }
    }
    return new KnativeManifests(dir, objects);
  }

  /** For tests: the objects given. */
  static KnativeManifests of(Path dir, List<ObjectNode> objects) {
    return new KnativeManifests(dir, objects);
  }

  private static void readKustomization(Path dir, List<ObjectNode> into) {
    ObjectNode kustomization = Manifests.read(dir.resolve("kustomization.yaml")).get(0);
    for (JsonNode entry : kustomization.path("resources")) {
      String resource = entry.asText();
      if (resource.contains("://")) {
        log.warn("knative/kustomization.yaml: remote resource {} ignored locally", resource);
        continue;
      }
      Path path = dir.resolve(resource).normalize();
      if (Files.isDirectory(path)) {
        readKustomization(path, into);
      } else if (Files.isRegularFile(path)) {
        into.addAll(Manifests.read(path));
      } else {
        throw new IllegalArgumentException(
            dir.resolve("kustomization.yaml") + " lists " + resource + ", which does not exist");
      }
    }
  }

  Path dir() {
    return dir;
  }

  List<ObjectNode> objects() {
    return objects;
  }

  List<CustomResourceDefinition> crds() {
    return typed(
        "apiextensions.k8s.io/v1", "CustomResourceDefinition", CustomResourceDefinition.class);
  }

  List<Broker> brokers() {
    return typed(EVENTING, "Broker", Broker.class);
  }

  List<Trigger> triggers() {
    return typed(EVENTING, "Trigger", Trigger.class);
  }

  List<ApiServerSource> apiServerSources() {
    return typed(SOURCES, "ApiServerSource", ApiServerSource.class);
  }

  List<PingSource> pingSources() {
    return typed(SOURCES, "PingSource", PingSource.class);
  }

  List<SinkBinding> sinkBindings() {
    return typed(SOURCES, "SinkBinding", SinkBinding.class);
  }

  /** Names of the namespaces the manifests create. */
  List<String> namespaces() {
    return objects.stream()
        .filter(o -> Manifests.is(o, "v1", "Namespace"))
        .map(Manifests::name)
        .toList();
  }

  /**
   * The environment the Knative Service {@code name} gives its container: literal {@code env}
   * values and the data of the ConfigMaps and Secrets in its {@code envFrom} (JVM options left out:
   * the functions share this JVM). Empty when no such Service exists.
   */
  Map<String, String> environmentOf(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    Optional<ObjectNode> service =
        objects.stream()
            .filter(o -> Manifests.is(o, SERVING, "Service") && name.equals(Manifests.name(o)))
            .findFirst();
    if (service.isEmpty()) {
      return env;
    }
    String namespace = Manifests.namespace(service.get());
    JsonNode container =
        service.get().path("spec").path("template").path("spec").path("containers").path(0);
    for (JsonNode from : container.path("envFrom")) {
      if (from.has("configMapRef")) {
        env.putAll(data("ConfigMap", namespace, from.path("configMapRef").path("name").asText()));
      } else if (from.has("secretRef")) {
        env.putAll(data("Secret", namespace, from.path("secretRef").path("name").asText()));
      }
    }
    for (JsonNode var : container.path("env")) {
      String key = var.path("name").asText();
      if (var.has("value") && !key.startsWith("JAVA_")) {
        env.put(key, var.path("value").asText());
      }
    }
    return env;
  }

  private Map<String, String> data(String kind, String namespace, String name) {
    Map<String, String> data = new LinkedHashMap<>();
    objects.stream()
        .filter(o -> Manifests.is(o, "v1", kind))
        .filter(o -> name.equals(Manifests.name(o)) && namespace.equals(Manifests.namespace(o)))
        .findFirst()
        .ifPresent(
            o -> {
              o.path("data")
                  .properties()
                  .forEach(
                      e ->
                          data.put(
                              e.getKey(),
                              kind.equals("Secret")
                                  ? new String(
                                      Base64.getDecoder().decode(e.getValue().asText()),
                                      StandardCharsets.UTF_8)
                                  : e.getValue().asText()));
              o.path("stringData")
                  .properties()
                  .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
            });
    return data;
  }

  private <T> List<T> typed(String apiVersion, String kind, Class<T> type) {
    return objects.stream()
        .filter(o -> Manifests.is(o, apiVersion, kind))
        .map(o -> Manifests.as(o, type))
        .toList();
  }
}
