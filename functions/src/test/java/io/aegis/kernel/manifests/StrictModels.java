package io.aegis.kernel.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import java.util.Optional;

/**
 * Reads manifests into fabric8's model classes and fails on any field the model does not know.
 * fabric8 models normally swallow unknown fields into {@code additionalProperties} (as the API
 * server prunes them); this mapper disables that any-setter, so a typo such as {@code apiGroup:}
 * for {@code apiGroups:} in a Role, or an unknown key inside a Knative spec the CRD schema leaves
 * open, is an error naming the field.
 */
final class StrictModels {
  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1 Namespace", Namespace.class),
          Map.entry("v1 ServiceAccount", ServiceAccount.class),
          Map.entry("v1 ConfigMap", ConfigMap.class),
          Map.entry("v1 Secret", Secret.class),
          Map.entry("rbac.authorization.k8s.io/v1 Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1 ClusterRole", ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1 ClusterRoleBinding", ClusterRoleBinding.class),
          Map.entry(
              "apiextensions.k8s.io/v1 CustomResourceDefinition", CustomResourceDefinition.class),
          Map.entry("serving.knative.dev/v1 Service", io.fabric8.knative.serving.v1.Service.class),
          Map.entry("eventing.knative.dev/v1 Broker", Broker.class),
          Map.entry("eventing.knative.dev/v1 Trigger", Trigger.class),
          Map.entry("sources.knative.dev/v1 ApiServerSource", ApiServerSource.class),
          Map.entry("sources.knative.dev/v1 PingSource", PingSource.class),
          Map.entry("sources.knative.dev/v1 SinkBinding", SinkBinding.class));

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private StrictModels() {}

  static Optional<Class<?>> modelOf(String apiVersion, String kind) {
    return Optional.ofNullable(MODELS.get(apiVersion + " " + kind));
  }

  /** The object as its fabric8 model; an {@link AssertionError} naming the unknown field if any. */
  static <T> T parse(JsonNode node, Class<T> type) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (Exception e) {
      throw new AssertionError(
          "not a valid "
              + type.getSimpleName()
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  static Object parse(K8sObject object) {
    Class<?> type =
        modelOf(object.apiVersion(), object.kind())
            .orElseThrow(() -> new AssertionError("no model class known for " + object.id()));
    try {
      return parse(object.node(), type);
    } catch (AssertionError e) {
      throw new AssertionError(object.id() + " is " + e.getMessage(), e.getCause());
    }
  }
}
