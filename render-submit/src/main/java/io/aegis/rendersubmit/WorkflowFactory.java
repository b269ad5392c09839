package io.aegis.rendersubmit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.kube.ArgoWorkflows;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.OwnerRefs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a rendered template into the Workflow object for an alert: deterministic name, the alert's
 * namespace, labels, a controller owner reference to the alert. From the manifest's metadata only
 * labels, annotations and finalizers are kept (the Go original kept annotations and finalizers and
 * replaced labels; template labels are kept here too, below the alert's, so that e.g. Argo's {@code
 * controller-instanceid} label can be set in a template).
 */
final class WorkflowFactory {
  static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  static final String INSTANCE_ID_LABEL = "workflows.argoproj.io/controller-instanceid";

  private final KubernetesSerialization serialization;
  private final String argoInstanceId;

  WorkflowFactory(KubernetesSerialization serialization, String argoInstanceId) {
    this.serialization = serialization;
    this.argoInstanceId =
        argoInstanceId == null || argoInstanceId.isBlank() ? null : argoInstanceId;
  }

  /** {@code <alert-name>-<5 chars of a hash of the alert's uid>}, at most 63 characters. */
  static String workflowName(AegisAlert alert) {
    return Names.withHashSuffix(alert.getMetadata().getName(), alert.getMetadata().getUid());
  }

  GenericKubernetesResource workflow(ObjectNode rendered, AegisAlert alert) {
    JsonNode templateMeta = rendered.path("metadata");
    ObjectNode body = rendered.deepCopy();
    body.remove("metadata");
    GenericKubernetesResource workflow =
        serialization.convertValue(body, GenericKubernetesResource.class);

    Map<String, String> labels = new LinkedHashMap<>(strings(templateMeta.path("labels")));
    if (alert.getMetadata().getLabels() != null) {
      labels.putAll(alert.getMetadata().getLabels());
    }
    labels.put(Labels.ALERT, alert.getMetadata().getName());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_AEGIS);
    if (argoInstanceId != null) {
      labels.put(INSTANCE_ID_LABEL, argoInstanceId);
    }

    ObjectMeta meta = new ObjectMeta();
    meta.setName(workflowName(alert));
    meta.setNamespace(alert.getMetadata().getNamespace());
    meta.setLabels(labels);
    Map<String, String> annotations = strings(templateMeta.path("annotations"));
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    List<String> finalizers = new ArrayList<>();
    templateMeta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
    meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);
    meta.setOwnerReferences(List.of(OwnerRefs.controller(alert)));
    workflow.setMetadata(meta);
    return workflow;
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
