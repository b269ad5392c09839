package io.aegis.matchrule;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * INTERIM stand-in for the kernel's {@code io.aegis.kernel.kube.StatusWriter} and {@code
 * Conditions}, which are being built in parallel; removed when they land on main. Same contract:
 * read, mutate the status, skip the write when nothing changed, retry on 409.
 */
final class StatusWriterInterim {
  private final KubernetesClient client;

  StatusWriterInterim(KubernetesClient client) {
    this.client = client;
  }

  /** Returns true when a write happened; false when the object is gone or nothing changed. */
  <S, R extends CustomResource<?, S>> boolean update(
      Class<R> kind, String namespace, String name, Consumer<S> mutate) {
    for (int attempt = 0; ; attempt++) {
      try {
        R current = client.resources(kind).inNamespace(namespace).withName(name).get();
        if (current == null) {
          return false;
        }
        JsonNode before = Json.MAPPER.valueToTree(current.getStatus());
        S status =
            current.getStatus() == null
                ? newStatus(kind)
                : Json.MAPPER.convertValue(before, statusClass(kind));
        mutate.accept(status);
        if (Json.MAPPER.valueToTree(status).equals(before)) {
          return false;
        }
        current.setStatus(status);
        client.resource(current).updateStatus();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < 5) {
          continue;
        }
        throw AegisException.apiUnavailable(
            "cannot write status of " + kind.getSimpleName() + " " + namespace + "/" + name, e);
      }
    }
  }

  /** Sets the condition of {@code c.type}; keeps lastTransitionTime unless status flips. */
  static void setCondition(List<Condition> conditions, Condition c) {
    for (int i = 0; i < conditions.size(); i++) {
      Condition old = conditions.get(i);
      if (Objects.equals(old.type, c.type)) {
        if (Objects.equals(old.status, c.status)) {
          c.lastTransitionTime = old.lastTransitionTime;
        }
        conditions.set(i, c);
        return;
      }
    }
    conditions.add(c);
  }

  @SuppressWarnings("unchecked")
  private static <S> Class<S> statusClass(Class<?> kind) {
    return (Class<S>) ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments()[1];
  }

  private static <S> S newStatus(Class<?> kind) {
    try {
      Class<S> c = statusClass(kind);
      return c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
