package io.aegis.kernel.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** One Kubernetes object read from a manifest file (path relative to {@code knative/}). */
record K8sObject(Path file, JsonNode node) {
  String apiVersion() {
    return node.path("apiVersion").asText("");
  }

  String kind() {
    return node.path("kind").asText("");
  }

  String name() {
    return node.path("metadata").path("name").asText("");
  }

  /** The namespace, or {@code null} for cluster-scoped objects. */
  String namespace() {
    JsonNode ns = node.path("metadata").path("namespace");
    return ns.isTextual() ? ns.asText() : null;
  }

  JsonNode spec() {
    return node.path("spec");
  }

  String label(String key) {
    return node.path("metadata").path("labels").path(key).asText(null);
  }

  /** How failures name the object: kind, namespace/name and the file it came from. */
  String id() {
    return kind()
        + " "
        + (namespace() == null ? "" : namespace() + "/")
        + name()
        + " ("
        + file()
        + ")";
  }

  @Override
  public String toString() {
    return id();
  }
}
