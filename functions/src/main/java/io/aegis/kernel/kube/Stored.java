package io.aegis.kernel.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
 * <p>Immutable in intent: the typed view is converted from the raw JSON when first asked for (a
 * status write needs only the raw JSON, so a write whose result nobody reads converts nothing);
 * callers read it, and the writer works from the raw JSON only, so a caller changing the typed
 * object does not change what is written.
 *
 * @param <R> the typed kind
 */
public final class Stored<R extends HasMetadata> {
  private final GenericKubernetesResource raw;
  private final Class<R> kind;
  private final KubernetesSerialization json;
  private volatile R object;

  private Stored(GenericKubernetesResource raw, Class<R> kind, KubernetesSerialization json) {
    this.raw = raw;
    this.kind = kind;
    this.json = json;
  }

  /**
   * Wraps what the server returned; {@code raw} must come from the API server unmodified (a generic
   * get, list item, create or patch response).
   */
  public static <R extends HasMetadata> Stored<R> of(
      KubernetesSerialization json, Class<R> kind, GenericKubernetesResource raw) {
    return new Stored<>(
        Objects.requireNonNull(raw, "raw"),
        Objects.requireNonNull(kind, "kind"),
        Objects.requireNonNull(json, "json"));
  }

  /** The typed view, for the caller's decisions. */
  public R object() {
    R typed = object;
    if (typed == null) {
      // Two threads may both convert: equal results, either is fine.
      typed = json.convertValue(raw, kind);
      object = typed;
    }
    return typed;
  }

  /**
   * The same object without {@code metadata.managedFields} — the server's field-ownership
   * bookkeeping, often the largest part of an object, which no status write reads — for keeping
   * many objects in memory. Everything a status write uses (name, namespace, resourceVersion, the
   * status) is kept as it was.
   */
  public Stored<R> compact() {
    if (raw.getMetadata() == null || raw.getMetadata().getManagedFields() == null) {
      return this;
    }
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(raw.getApiVersion());
    copy.setKind(raw.getKind());
    copy.setMetadata(new ObjectMetaBuilder(raw.getMetadata()).build());
    copy.getMetadata().setManagedFields(null);
    copy.setAdditionalProperties(raw.getAdditionalProperties());
    return new Stored<>(copy, kind, json);
  }

  /** The JSON as the server returned it. */
  GenericKubernetesResource raw() {
    return raw;
  }

  Class<R> kind() {
    return kind;
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

  public String uid() {
    return raw.getMetadata().getUid();
  }

  @Override
  public String toString() {
    return HasMetadata.getKind(kind) + " " + namespace() + "/" + name() + "@" + resourceVersion();
  }
}
