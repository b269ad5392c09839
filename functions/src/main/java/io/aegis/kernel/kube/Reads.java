package io.aegis.kernel.kube;

import io.aegis.kernel.error.AegisException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Reading one object the way the functions do: absent is null, an API failure is a 503. */
public final class Reads {
  private Reads() {}

  /**
   * The object {@code namespace/name} of {@code kind}, or null when it does not exist.
   *
   * @throws AegisException {@code apiUnavailable} (503: the broker retries) when the API server
   *     cannot be read
   */
  public static <T extends HasMetadata> T get(
      KubernetesClient client, Class<T> kind, String namespace, String name) {
    try {
      return client.resources(kind).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw AegisException.apiUnavailable(
          "cannot read " + HasMetadata.getKind(kind) + " " + namespace + "/" + name, e);
    }
  }

  /**
   * Like {@link #get}, in the form a status write can start from ({@link
   * StatusWriter#update(Stored, java.util.function.Consumer)}: one PATCH, no second read), for a
   * caller that reads an object and then writes its status.
   *
   * @throws AegisException {@code apiUnavailable} (503: the broker retries) when the API server
   *     cannot be read
   */
  public static <R extends CustomResource<?, ?>> Stored<R> stored(
      StatusWriter writer, Class<R> kind, String namespace, String name) {
    try {
      return writer.read(kind, namespace, name).orElse(null);
    } catch (KubernetesClientException e) {
      throw AegisException.apiUnavailable(
          "cannot read " + HasMetadata.getKind(kind) + " " + namespace + "/" + name, e);
    }
  }
}
