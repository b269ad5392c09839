package io.aegis.trackstatus;

import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Interim stand-in for the kernel's {@code StatusWriter} until it lands on main: read, mutate,
 * write the status with a {@code resourceVersion}-guarded merge patch, re-read and re-run the
 * mutation on 409, skip the write when nothing changed.
 */
final class StatusWrites {
  private static final int ATTEMPTS = 8;
  private final KubernetesClient client;

  StatusWrites(KubernetesClient client) {
    this.client = client;
  }

  /** Empty when the object does not exist. */
  <S, R extends CustomResource<?, S>> Optional<R> update(
      Class<R> kind, String namespace, String name, Supplier<S> empty, Consumer<S> mutate) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      R current;
      try {
        current = client.resources(kind).inNamespace(namespace).withName(name).get();
      } catch (KubernetesClientException e) {
        throw AegisException.apiUnavailable("cannot read " + namespace + "/" + name, e);
      }
      if (current == null) {
        return Optional.empty();
      }
      S status = current.getStatus() == null ? empty.get() : copy(current.getStatus());
      String before = new String(Json.write(status));
      mutate.accept(status);
      if (Objects.equals(before, new String(Json.write(status)))) {
        return Optional.of(current);
      }
      Map<String, Object> patch = new LinkedHashMap<>();
      patch.put("metadata", Map.of("resourceVersion", current.getMetadata().getResourceVersion()));
      patch.put("status", status);
      try {
        return Optional.of(
            client
                .resources(kind)
                .inNamespace(namespace)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), new String(Json.write(patch))));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          continue;
        }
        if (e.getCode() == 404) {
          return Optional.empty();
        }
        throw AegisException.apiUnavailable("cannot write status of " + namespace + "/" + name, e);
      }
    }
    throw new AegisException(
        Reason.CONFLICT, "status of " + namespace + "/" + name + " kept changing; retry");
  }

  @SuppressWarnings("unchecked")
  private static <S> S copy(S status) {
    return (S) Json.MAPPER.convertValue(status, status.getClass());
  }
}
