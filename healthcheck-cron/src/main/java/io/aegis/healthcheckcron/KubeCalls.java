package io.aegis.healthcheckcron;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** How healthcheck-cron talks to the API server: idempotent creates and error classification. */
final class KubeCalls {
  private KubeCalls() {}

  /**
   * Creates {@code object}, or reads the existing one when its (deterministic) name is taken: a
   * redelivered or concurrent event finds what the first one created.
   */
  static <T extends HasMetadata> T createOrGet(KubernetesClient client, T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    T existing = client.resource(object).get();
    if (existing == null) {
      // Deleted between our create and our read: rare enough to let the sender retry.
      throw new AegisException(
          Reason.CONFLICT,
          object.getKind() + " " + object.getMetadata().getName() + " vanished while creating it");
    }
    return existing;
  }

  /** Deletes {@code object} if it exists (background propagation: its children go too). */
  static void deleteQuietly(KubernetesClient client, HasMetadata object) {
    try {
      client.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * True when the API server refused for good (400, 403, 422...): retrying the same request cannot
   * help, so the failure is recorded on the check instead.
   */
  static boolean isPermanent(KubernetesClientException e) {
    int code = e.getCode();
    return code >= 400 && code < 500 && code != 409 && code != 429;
  }

  /** A transient failure as the exception the edge answers 5xx for (the broker redelivers). */
  static AegisException unavailable(String what, KubernetesClientException e) {
    return AegisException.apiUnavailable(
        what
            + ": Kubernetes API failed ("
            + (e.getCode() > 0 ? "HTTP " + e.getCode() : "unreachable")
            + ")",
        e);
  }

  /** The controller owner reference of {@code object} if it is of {@code kind}. */
  static Optional<OwnerReference> controller(HasMetadata object, String kind) {
    if (object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()) && kind.equals(o.getKind()))
        .findFirst();
  }

  /** A short form of the API server's refusal, for a condition message. */
  static String describe(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "HTTP " + e.getCode() + ": " + message;
  }
}
