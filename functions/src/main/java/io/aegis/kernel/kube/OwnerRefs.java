package io.aegis.kernel.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * Owner references Aegis puts on what it creates (a Workflow owned by its AegisAlert, a check pod
 * owned by its AegisNodeHealthCheck), so that deleting the owner garbage-collects the children.
 */
public final class OwnerRefs {
  /**
   * A controller reference to {@code owner}: {@code controller=true} (at most one per object) and
   * {@code blockOwnerDeletion=true} (foreground deletion waits for the child). The owner must have
   * been read from (or returned by) the API server: a reference without a uid is rejected.
   *
   * @throws IllegalArgumentException when the owner has no apiVersion, kind, name or uid
   */
  public static OwnerReference controller(HasMetadata owner) {
    if (owner.getMetadata() == null
        || isBlank(owner.getMetadata().getUid())
        || isBlank(owner.getMetadata().getName())
        || isBlank(owner.getApiVersion())
        || isBlank(owner.getKind())) {
      throw new IllegalArgumentException(
          "an owner needs apiVersion, kind, name and uid (read it from the API server first)");
    }
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private OwnerRefs() {}
}
