package io.aegis.kernel.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/**
 * An object as the API server returned it, at one resourceVersion: its raw JSON and its typed view.
 * What {@link StatusWriter#update(Stored, java.util.function.Consumer)} writes from without reading
 * the object again.
 *
 * <p>Why the raw JSON and not just the typed object: the writer must never send an operation for a
 * path the server does not have (a real API server rejects the whole patch), and must never drop
 * members the model does not know. The typed view cannot tell: converting it back to JSON adds the
 * model's defaults (e.g. {@code AegisAlertStatus.conditions} is initialised to an empty list, so an
 * alert stored without conditions would look as if it had them) and loses unknown members (the
 * model ignores them). So a {@code Stored} is only made from what the server returned — a read, a
 * list item, a create or a patch response — through the generic client.
 *
 * <p>Immutable in intent: {@link #object()} is converted once from the raw JSON; callers read it,
 * and the writer works from the raw JSON only, so a caller changing the typed object does not
 * change what is written.
 *
 * @param <R> the typed kind
 */
public final class Stored<R extends HasMetadata> {
  private final GenericKubernetesResource raw;
  private final R object;

  private Stored(GenericKubernetesResource raw, R object) {
    this.raw = raw;
    this.object = object;
  }

  /**
   * Wraps what the server returned; {@code raw} must come from the API server unmodified (a generic
   * get, list item, create or patch response).
   */
  public static <R extends HasMetadata> Stored<R> of(
      KubernetesSerialization json, Class<R> kind, GenericKubernetesResource raw) {
    Objects.requireNonNull(raw, "raw");
    return new Stored<>(raw, json.convertValue(raw, kind));
  }

  /** The typed view, for the caller's decisions. */
  public R object() {
    return object;
  }

  /** The JSON as the server returned it. */
  GenericKubernetesResource raw() {
    return raw;
  }

  public String namespace() {
    return raw.getMetadata().getNamespace();
  }

  public String name() {
    return raw.getMetadata().getName();
  }

  public String resourceVersion() {
    return raw.getMetadata().getResourceVersion();
  }

  @Override
  public String toString() {
    return object.getKind() + " " + namespace() + "/" + name() + "@" + resourceVersion();
  }
}
