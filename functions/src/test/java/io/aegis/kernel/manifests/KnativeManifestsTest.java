package io.aegis.kernel.manifests;

import static io.aegis.kernel.manifests.ManifestRepo.FUNCTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A46: every manifest under {@code knative/} is what Kubernetes and Knative accept - the upstream
 * CRD schemas (closed), the Knative webhook rules, fabric8's models read strictly - and the
 * Services are shaped as docs/operations.md promises.
 */
class KnativeManifestsTest {

  @Test
  void A46_everyManifestFileHoldsExactlyOneObjectWithKindNameAndVersion() {
    List<String> problems = new ArrayList<>();
    for (Path file : ManifestRepo.yamlFiles()) {
      List<JsonNode> docs = ManifestRepo.readAll(file);
      if (docs.size() != 1) {
        problems.add(file + ": " + docs.size() + " YAML documents (one object per file)");
        continue;
      }
      JsonNode doc = docs.get(0);
      for (String field : List.of("apiVersion", "kind")) {
        if (doc.path(field).asText("").isEmpty()) {
          problems.add(file + ": no " + field);
        }
      }
      if (!ManifestRepo.isKustomization(file)
          && doc.path("metadata").path("name").asText("").isEmpty()) {
        problems.add(file + ": no metadata.name");
      }
    }
    assertThat(problems).as("manifest files").isEmpty();
    assertThat(ManifestRepo.allObjects()).hasSizeGreaterThan(40);
  }

  @Test
  void A46_everyKnativeObjectValidatesAgainstItsUpstreamCrdSchema() {
    Map<K8sObject, List<String>> violations = new java.util.LinkedHashMap<>();
    int validated = 0;
    for (K8sObject o : ManifestRepo.allObjects()) {
      if (o.apiVersion().contains("knative.dev/")) {
        assertThat(CrdSchemas.covers(o.apiVersion(), o.kind()))
            .as("%s: no upstream CRD schema for %s %s", o.id(), o.apiVersion(), o.kind())
            .isTrue();
        List<String> v = CrdSchemas.validate(o.node());
        if (!v.isEmpty()) {
          violations.put(o, v);
        }
        validated++;
      }
    }
    assertThat(violations).as("upstream CRD schema violations").isEmpty();
    assertThat(validated).as("Knative objects validated").isGreaterThan(30);
  }

  @Test
  void A46_everyObjectParsesStrictlyIntoItsFabric8Model() {
    List<String> problems = new ArrayList<>();
    for (K8sObject o : ManifestRepo.allObjects()) {
      try {
        StrictModels.parse(o);
      } catch (AssertionError e) {
        problems.add(e.getMessage());
      }
    }
    assertThat(problems).as("objects with unknown kinds or fields").isEmpty();
  }

  @Test
  void A46_everyKnativeObjectPassesTheKnativeWebhookRules() {
    Map<String, List<String>> violations = new java.util.TreeMap<>();
    for (K8sObject o : ManifestRepo.allObjects()) {
      List<String> v = WebhookRules.check(o);
      if (!v.isEmpty()) {
        violations.put(o.id(), v);
      }
    }
    assertThat(violations).as("Knative webhook rule violations").isEmpty();
  }

  @Test
  void A46_everyTriggerFiltersOnType() {
    List<K8sObject> triggers = ManifestRepo.base("Trigger");
    assertThat(triggers).isNotEmpty();
    for (K8sObject t : triggers) {
      assertThat(WebhookRules.filteredType(t.node()))
          .as("%s must filter on an exact type", t.id())
          .isNotBlank();
    }
  }

  @Test
  void A46_everyTriggerDeliversToAServiceOfThisInstallThroughTheDefaultBroker() {
    for (K8sObject t : ManifestRepo.base("Trigger")) {
      assertThat(t.spec().path("broker").asText()).as("%s broker", t.id()).isEqualTo("default");
      JsonNode ref = t.spec().path("subscriber").path("ref");
      assertThat(ref.path("apiVersion").asText())
          .as("%s subscriber", t.id())
          .isEqualTo("serving.knative.dev/v1");
      assertThat(ManifestRepo.find("Service", t.namespace(), ref.path("name").asText()))
          .as("%s subscriber %s", t.id(), ref.path("name").asText())
          .isPresent();
    }
    assertThat(ManifestRepo.find("Broker", "aegis", "default")).isPresent();
  }

  @Test
  void everySinkAndDeadLetterSinkPointsAtAnObjectOfThisInstall() {
    List<String> dangling = new ArrayList<>();
    for (K8sObject o : ManifestRepo.baseObjects()) {
      for (JsonNode ref : o.node().findValues("ref")) {
        String kind = ref.path("kind").asText();
        if (kind.equals("Broker") || kind.equals("Service")) {
          String ns = ref.path("namespace").asText(o.namespace());
          if (ManifestRepo.find(kind, ns, ref.path("name").asText()).isEmpty()) {
            dangling.add(o.id() + " -> " + kind + " " + ns + "/" + ref.path("name").asText());
          }
        }
      }
    }
    assertThat(dangling).as("references to objects that are not installed").isEmpty();
  }

  @Test
  void onlyParseAlertIsReachableFromOutsideTheCluster() {
    Map<String, String> visibility =
        ManifestRepo.base("Service").stream()
            .filter(s -> s.apiVersion().equals("serving.knative.dev/v1"))
            .collect(
                Collectors.toMap(
                    K8sObject::name,
                    s -> String.valueOf(s.label("networking.knative.dev/visibility"))));
    assertThat(visibility).containsKeys(FUNCTIONS.toArray(String[]::new));
    visibility.forEach(
        (name, value) -> {
          if (name.equals("parse-alert")) {
            assertThat(value).as("parse-alert must stay public (Alertmanager)").isEqualTo("null");
          } else {
            assertThat(value).as("%s visibility", name).isEqualTo("cluster-local");
          }
        });
  }

  @Test
  void everyFunctionServiceScalesToZeroWithProbesResourcesAndItsOwnAccount() {
    for (String fn : FUNCTIONS) {
      K8sObject svc = ManifestRepo.knativeService(fn);
      assertThat(svc.label("app.kubernetes.io/part-of")).as("%s part-of", fn).isEqualTo("aegis");
      assertThat(svc.label("app.kubernetes.io/component"))
          .as("%s component", fn)
          .isEqualTo("function");
      JsonNode template = svc.spec().path("template");
      JsonNode annotations = template.path("metadata").path("annotations");
      assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText())
          .as(fn)
          .isEqualTo("0");
      for (String a : List.of("max-scale", "initial-scale", "target")) {
        assertThat(annotations.has("autoscaling.knative.dev/" + a)).as("%s %s", fn, a).isTrue();
      }
      JsonNode spec = template.path("spec");
      assertThat(spec.path("serviceAccountName").asText()).as(fn).isEqualTo("aegis-" + fn);
      assertThat(spec.path("containers")).as(fn).hasSize(1);
      JsonNode c = spec.path("containers").get(0);
      assertThat(c.path("image").asText()).as(fn).isEqualTo("ghcr.io/aegis/" + fn + ":latest");
      assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
          .as(fn)
          .isEqualTo("/actuator/health/readiness");
      assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
          .as(fn)
          .isEqualTo("/actuator/health/liveness");
      assertThat(c.path("envFrom").findValuesAsText("name")).as(fn).contains("aegis-config");
      for (JsonNode ref : c.path("env").findValues("secretKeyRef")) {
        assertThat(ref.path("optional").asBoolean())
            .as("%s: secrets are optional, functions must start without them", fn)
            .isTrue();
      }
      assertThat(c.path("envFrom").findValues("secretRef"))
          .as("%s: secrets by key (secretKeyRef), never whole", fn)
          .isEmpty();
      JsonNode security = c.path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(fn).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(fn).isFalse();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(fn).isTrue();
    }
  }

  @Test
  void memoryLimitsLeaveHeadroomOverTheJvmRssTarget() {
    long rssTargetMi = 160;
    for (String fn : FUNCTIONS) {
      JsonNode resources =
          ManifestRepo.knativeService(fn)
              .spec()
              .path("template")
              .path("spec")
              .path("containers")
              .get(0)
              .path("resources");
      long limit = mebibytes(resources.path("limits").path("memory").asText());
      long request = mebibytes(resources.path("requests").path("memory").asText());
      assertThat(request)
          .as("%s memory request covers the RSS target", fn)
          .isGreaterThanOrEqualTo(rssTargetMi);
      assertThat(limit)
          .as("%s memory limit leaves >= 50%% headroom", fn)
          .isGreaterThanOrEqualTo(rssTargetMi * 3 / 2);
      assertThat(resources.path("requests").path("cpu").asText()).as(fn).isNotEmpty();
    }
  }

  @Test
  void onlyFunctionsThatNeedASecretReadIt() {
    Map<String, List<String>> expected =
        Map.of(
            "parse-alert",
            List.of(
                "AEGIS_WEBHOOK_TOKEN=aegis-webhook-token/token",
                "AEGIS_AI_API_KEY=aegis-ai/api-key"),
            "diagnose",
            List.of("AEGIS_AI_API_KEY=aegis-ai/api-key"));
    for (String fn : FUNCTIONS) {
      JsonNode env =
          ManifestRepo.knativeService(fn)
              .spec()
              .path("template")
              .path("spec")
              .path("containers")
              .get(0)
              .path("env");
      List<String> secrets = new ArrayList<>();
      for (JsonNode e : env) {
        JsonNode ref = e.path("valueFrom").path("secretKeyRef");
        if (!ref.isMissingNode()) {
          secrets.add(
              e.path("name").asText()
                  + "="
                  + ref.path("name").asText()
                  + "/"
                  + ref.path("key").asText());
          assertThat(ManifestRepo.find("Secret", "aegis", ref.path("name").asText()))
              .as(ref.path("name").asText())
              .isPresent();
        }
      }
      assertThat(secrets).as(fn).containsExactlyElementsOf(expected.getOrDefault(fn, List.of()));
    }
  }

  @Test
  void secretTemplatesCarryNoValueSoReapplyingNeverOverwritesOne() {
    for (K8sObject secret : ManifestRepo.base("Secret")) {
      assertThat(secret.node().has("data") || secret.node().has("stringData"))
          .as(
              "%s must not set data: `kubectl apply -k` would reset the operator's value",
              secret.id())
          .isFalse();
    }
  }

  @Test
  void sinkBindingGivesEveryFunctionTheBroker() {
    List<K8sObject> bindings = ManifestRepo.base("SinkBinding");
    assertThat(bindings).hasSize(1);
    JsonNode subject = bindings.get(0).spec().path("subject");
    assertThat(subject.path("kind").asText()).isEqualTo("Service");
    assertThat(bindings.get(0).spec().path("sink").path("ref").path("kind").asText())
        .isEqualTo("Broker");
    JsonNode matchLabels = subject.path("selector").path("matchLabels");
    for (K8sObject svc : ManifestRepo.base("Service")) {
      boolean selected = true;
      for (var it = matchLabels.fields(); it.hasNext(); ) {
        var e = it.next();
        selected &= e.getValue().asText().equals(svc.label(e.getKey()));
      }
      assertThat(selected)
          .as("%s bound to K_SINK", svc.id())
          .isEqualTo(FUNCTIONS.contains(svc.name()));
    }
  }

  static long mebibytes(String quantity) {
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
    }
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }
    throw new AssertionError("use Mi or Gi for memory quantities: " + quantity);
  }
}
