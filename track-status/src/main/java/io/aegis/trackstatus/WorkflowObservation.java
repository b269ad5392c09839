package io.aegis.trackstatus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.aegis.kernel.crd.Aegis;
import io.aegis.kernel.events.ResourceRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few fields of an Argo Workflow that track-status reads. Binding into this narrow shape skips
 * {@code status.nodes}, {@code managedFields} and the spec while parsing, so a large workflow costs
 * no more memory than a small one.
 */
record WorkflowObservation(String apiVersion, String kind, Metadata metadata, Status status) {

  static final String API_VERSION = "argoproj.io/v1alpha1";
  static final String KIND = "Workflow";
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String MANAGED_BY_AEGIS = "aegis";
  static final String ALERT_LABEL = "aegis.io/alert";

  /** Argo's {@code status.phase}; {@link #NONE} before the controller reconciled the workflow. */
  enum Phase {
    NONE,
    Pending,
    Running,
    Succeeded,
    Failed,
    Error;

    static Phase parse(String value) {
      if (value == null || value.isEmpty()) {
        return NONE;
      }
      for (Phase p : values()) {
        if (p.name().equals(value)) {
          return p;
        }
      }
      // An unknown phase from a newer Argo: treat as "not yet something we act on".
      return NONE;
    }

    boolean isCompleted() {
      return this == Succeeded || this == Failed || this == Error;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metadata(
      String name,
      String namespace,
      String uid,
      String resourceVersion,
      String deletionTimestamp,
      Map<String, String> labels,
      List<OwnerReference> ownerReferences) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record OwnerReference(
      String apiVersion, String kind, String name, String uid, Boolean controller) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Status(String phase, String message, String startedAt, String finishedAt) {}

  /** True when the object has the {@code metadata.name} every Kubernetes object has. */
  boolean hasName() {
    return metadata != null && !blank(metadata.name());
  }

  String name() {
    return metadata.name();
  }

  String namespace() {
    return metadata.namespace();
  }

  Phase phase() {
    return status == null ? Phase.NONE : Phase.parse(status.phase());
  }

  /** Argo's {@code status.message}, or null. */
  String message() {
    return status == null || blank(status.message()) ? null : status.message();
  }

  String startedAt() {
    return status == null || blank(status.startedAt()) ? null : status.startedAt();
  }

  String finishedAt() {
    return status == null || blank(status.finishedAt()) ? null : status.finishedAt();
  }

  boolean isWorkflow() {
    return API_VERSION.equals(apiVersion) && KIND.equals(kind);
  }

  ResourceRef ref() {
    return new ResourceRef(metadata.namespace(), metadata.name(), metadata.uid());
  }

  /**
   * The AegisAlert this workflow reports to: label {@code aegis.io/alert} on a workflow labelled
   * {@code app.kubernetes.io/managed-by=aegis}, else its controller ownerReference to an
   * AegisAlert. Empty for workflows Aegis did not start.
   */
  Optional<String> alertName() {
    Map<String, String> labels = metadata.labels() == null ? Map.of() : metadata.labels();
    if (MANAGED_BY_AEGIS.equals(labels.get(MANAGED_BY_LABEL)) && !blank(labels.get(ALERT_LABEL))) {
      return Optional.of(labels.get(ALERT_LABEL));
    }
    return controllerAlert().map(OwnerReference::name);
  }

  /** The controller ownerReference to an AegisAlert, if any. */
  Optional<OwnerReference> controllerAlert() {
    if (metadata.ownerReferences() == null) {
      return Optional.empty();
    }
    return metadata.ownerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.controller()))
        .filter(o -> "AegisAlert".equals(o.kind()))
        .filter(o -> o.apiVersion() != null && o.apiVersion().startsWith(Aegis.GROUP + "/"))
        .filter(o -> !blank(o.name()))
        .findFirst();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
