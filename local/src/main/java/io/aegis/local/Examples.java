package io.aegis.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the rules and templates of {@code examples/} (every {@code AegisAlertOpsRule} and {@code
 * AegisOpsTemplate} in any YAML file below it; other objects — alerts to send, diagnoses, workflows
 * — are left for the walkthroughs). Objects without a namespace go to {@code monitoring}, where
 * alerts are recorded.
 */
final class Examples {
  static final String DEFAULT_NAMESPACE = "monitoring";
  private static final Set<String> KINDS = Set.of("AegisAlertOpsRule", "AegisOpsTemplate");

  private Examples() {}

  /** Applies the examples under {@code dir}; returns {@code namespace/name (Kind)} per object. */
  static List<String> apply(KubernetesClient client, Path dir) {
    List<String> applied = new ArrayList<>();
    for (Path file : Manifests.yamlFiles(dir)) {
      for (ObjectNode object : Manifests.read(file)) {
        if (Manifests.apiVersion(object).startsWith("aegis.io/")
            && KINDS.contains(Manifests.kind(object))) {
          applied.add(apply(client, object));
        }
      }
    }
    return applied;
  }

  /** Creates or updates one object. */
  static String apply(KubernetesClient client, ObjectNode object) {
    GenericKubernetesResource resource = Manifests.as(object, GenericKubernetesResource.class);
    String namespace =
        resource.getMetadata().getNamespace() == null
            ? DEFAULT_NAMESPACE
            : resource.getMetadata().getNamespace();
    resource.getMetadata().setNamespace(namespace);
    client.resource(resource).inNamespace(namespace).createOr(NonDeletingOperation::update);
    return namespace + "/" + resource.getMetadata().getName() + " (" + resource.getKind() + ")";
  }
}
