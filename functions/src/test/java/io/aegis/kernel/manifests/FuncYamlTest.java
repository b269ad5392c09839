package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each function directory has a {@code func.yaml} (Knative Functions, {@code kn func deploy}) that
 * deploys the same Service as {@code knative/300-services}: same image, account, probes, scale and
 * visibility. Only keys of the func.yaml schema (KNATIVE-NOTES 5.5) are used.
 */
class FuncYamlTest {
  private static final Set<String> TOP =
      Set.of(
          "specVersion",
          "name",
          "domain",
          "runtime",
          "registry",
          "image",
          "namespace",
          "created",
          "invoke",
          "build",
          "run",
          "deploy");
  private static final Set<String> DEPLOY =
      Set.of(
          "namespace",
          "image",
          "annotations",
          "options",
          "labels",
          "healthEndpoints",
          "serviceAccountName",
          "subscriptions");

  @Test
  void everyFunctionHasAFuncYamlDeployingTheSameServiceAsKnativeDir() {
    for (String fn : ManifestRepo.FUNCTIONS) {
      Path file = ManifestRepo.root().resolve(fn).resolve("func.yaml");
      JsonNode f = ManifestRepo.readOne(file);
      List<String> unknown = new ArrayList<>();
      f.fieldNames()
          .forEachRemaining(
              k -> {
                if (!TOP.contains(k)) unknown.add(k);
              });
      f.path("deploy")
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!DEPLOY.contains(k)) unknown.add("deploy." + k);
              });
      assertThat(unknown).as("%s: keys func does not know", file).isEmpty();
      assertThat(f.path("specVersion").asText()).as(fn).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
      assertThat(f.path("created").asText()).as(fn).isNotEmpty();
      assertThat(f.path("name").asText()).as(fn).isEqualTo(fn);
      assertThat(f.path("runtime").asText()).as(fn).isEqualTo("springboot");
      assertThat(f.path("invoke").asText()).as(fn).isIn("http", "cloudevent");
      assertThat(f.path("deploy").path("subscriptions").isMissingNode())
          .as(
              "%s: Triggers come from knative/400-eventing; func subscriptions would duplicate them",
              fn)
          .isTrue();

      K8sObject svc = ManifestRepo.knativeService(fn);
      JsonNode template = svc.spec().path("template");
      JsonNode container = template.path("spec").path("containers").get(0);
      assertThat(f.path("image").asText()).as(fn).isEqualTo(container.path("image").asText());
      assertThat(f.path("deploy").path("namespace").asText()).as(fn).isEqualTo(svc.namespace());
      assertThat(f.path("deploy").path("serviceAccountName").asText())
          .as(fn)
          .isEqualTo(template.path("spec").path("serviceAccountName").asText());
      assertThat(f.path("deploy").path("healthEndpoints").path("liveness").asText())
          .isEqualTo(container.path("livenessProbe").path("httpGet").path("path").asText());
      assertThat(f.path("deploy").path("healthEndpoints").path("readiness").asText())
          .isEqualTo(container.path("readinessProbe").path("httpGet").path("path").asText());

      JsonNode scale = f.path("deploy").path("options").path("scale");
      JsonNode annotations = template.path("metadata").path("annotations");
      assertThat(scale.path("min").asText())
          .as(fn)
          .isEqualTo(annotations.path("autoscaling.knative.dev/min-scale").asText());
      assertThat(scale.path("max").asText())
          .as(fn)
          .isEqualTo(annotations.path("autoscaling.knative.dev/max-scale").asText());
      assertThat(scale.path("target").asText())
          .as(fn)
          .isEqualTo(annotations.path("autoscaling.knative.dev/target").asText());
      JsonNode resources = f.path("deploy").path("options").path("resources");
      assertThat(resources.path("limits").path("memory").asText())
          .isEqualTo(container.path("resources").path("limits").path("memory").asText());
      assertThat(resources.path("limits").path("concurrency").asInt())
          .isEqualTo(template.path("spec").path("containerConcurrency").asInt());

      Map<String, String> labels = new HashMap<>();
      f.path("deploy")
          .path("labels")
          .forEach(l -> labels.put(l.path("key").asText(), l.path("value").asText()));
      Map<String, String> serviceLabels = new HashMap<>();
      svc.node()
          .path("metadata")
          .path("labels")
          .fields()
          .forEachRemaining(e -> serviceLabels.put(e.getKey(), e.getValue().asText()));
      assertThat(labels)
          .as("%s labels (visibility, SinkBinding selector)", fn)
          .isEqualTo(serviceLabels);

      List<String> funcEnv = new ArrayList<>();
      f.path("run")
          .path("envs")
          .forEach(e -> funcEnv.add(e.path("name").asText("*") + "=" + e.path("value").asText()));
      List<String> serviceEnv = new ArrayList<>();
      container
          .path("envFrom")
          .forEach(
              e ->
                  serviceEnv.add(
                      "*={{ configMap:" + e.path("configMapRef").path("name").asText() + " }}"));
      container
          .path("env")
          .forEach(
              e -> {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                serviceEnv.add(
                    e.path("name").asText()
                        + "="
                        + (ref.isMissingNode()
                            ? e.path("value").asText()
                            : "{{ secret:"
                                + ref.path("name").asText()
                                + ":"
                                + ref.path("key").asText()
                                + " }}"));
              });
      assertThat(funcEnv).as("%s environment", fn).containsExactlyInAnyOrderElementsOf(serviceEnv);
    }
  }
}
