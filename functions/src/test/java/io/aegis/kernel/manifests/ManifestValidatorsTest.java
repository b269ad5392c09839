package io.aegis.kernel.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks behind A46 reject what Kubernetes or Knative would reject or silently drop. */
class ManifestValidatorsTest {

  static JsonNode yaml(String text) {
    try {
      return ManifestRepo.YAML.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static K8sObject object(String text) {
    return new K8sObject(Path.of("inline.yaml"), yaml(text));
  }

  private static final String SERVICE =
      """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: f, namespace: aegis}
      spec:
        template:
          metadata:
            annotations: {autoscaling.knative.dev/min-scale: "0", autoscaling.knative.dev/max-scale: "3"}
          spec:
            containers:
            - image: example/f
              ports: [{containerPort: 8080}]
              readinessProbe: {httpGet: {path: /ready}}
      """;

  @Test
  void aValidServicePassesSchemaAndWebhookRules() {
    assertThat(CrdSchemas.validate(yaml(SERVICE))).isEmpty();
    assertThat(WebhookRules.check(object(SERVICE))).isEmpty();
  }

  @Test
  void schemaIsClosedSoAMisspelledContainerFieldFails() {
    JsonNode svc = yaml(SERVICE.replace("- image: example/f", "- imagee: example/f"));
    assertThat(CrdSchemas.validate(svc)).anySatisfy(m -> assertThat(m).contains("imagee"));
  }

  @Test
  void schemaRejectsAnUnknownRootFieldAndAWrongType() {
    JsonNode trigger =
        yaml(
            """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: {name: t}
            spec:
              broker: default
              subscriber: {reff: {kind: Service}}
            extra: true
            """);
    assertThat(CrdSchemas.validate(trigger))
        .anySatisfy(m -> assertThat(m).contains("reff"))
        .anySatisfy(m -> assertThat(m).contains("extra"));
    JsonNode broker =
        yaml(
            """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {name: b}
            spec: {delivery: {retry: many}}
            """);
    assertThat(CrdSchemas.validate(broker)).anySatisfy(m -> assertThat(m).contains("retry"));
  }

  @Test
  void strictModelsCatchTyposWhereTheSchemaIsOpen() {
    JsonNode source =
        yaml(
            """
            apiVersion: sources.knative.dev/v1
            kind: ApiServerSource
            metadata: {name: s}
            spec:
              modee: Resource
              resources: [{apiVersion: v1, kind: Pod}]
              sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
            """);
    assertThat(CrdSchemas.validate(source))
        .as("ApiServerSource.spec preserves unknown fields")
        .isEmpty();
    assertThatThrownBy(() -> StrictModels.parse(source, ApiServerSource.class))
        .hasMessageContaining("modee");
    JsonNode role =
        yaml(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: r, namespace: x}
            rules:
            - apiGroup: [""]
              resources: [pods]
              verbs: [get]
            """);
    assertThatThrownBy(() -> StrictModels.parse(role, Role.class)).hasMessageContaining("apiGroup");
  }

  @Test
  void triggerRules() {
    String trigger =
        """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: t}
        spec:
          broker: default
          filters: FILTERS
          subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: f}}
        """;
    assertThat(WebhookRules.check(object(trigger.replace("FILTERS", "[{exact: {type: a.b}}]"))))
        .isEmpty();
    assertThat(WebhookRules.check(object(trigger.replace("FILTERS", "[{exact: {Type: a.b}}]"))))
        .anySatisfy(m -> assertThat(m).contains("'Type'"));
    assertThat(WebhookRules.check(object(trigger.replace("FILTERS", "[{exact: {ce-type: a.b}}]"))))
        .anySatisfy(m -> assertThat(m).contains("'ce-type'"));
    assertThat(WebhookRules.check(object(trigger.replace("FILTERS", "[{regex: {type: a.*}}]"))))
        .anySatisfy(m -> assertThat(m).contains("exactly one of"));
    assertThat(
            WebhookRules.check(
                object(trigger.replace("FILTERS", "[{any: [{not: {exact: {type: \"\"}}}]}]"))))
        .anySatisfy(m -> assertThat(m).contains("non-empty string"));
    assertThat(
            WebhookRules.check(
                object(
                    trigger
                        .replace("  broker: default\n", "")
                        .replace("FILTERS", "[{exact: {type: a.b}}]"))))
        .contains("spec.broker is required");
  }

  @Test
  void aTriggerWhoseTypeIsOnlyInTheIgnoredFilterDoesNotCountAsFilteringOnType() {
    JsonNode both =
        yaml(
            """
            spec:
              filter: {attributes: {type: a.b}}
              filters: [{exact: {source: /x}}]
            """);
    assertThat(WebhookRules.filteredType(both)).as("filters win over filter").isNull();
    assertThat(WebhookRules.filteredType(yaml("spec: {filter: {attributes: {type: a.b}}}")))
        .isEqualTo("a.b");
    assertThat(WebhookRules.filteredType(yaml("spec: {subscriber: {}}"))).isNull();
  }

  @Test
  void serviceRules() {
    assertThat(WebhookRules.check(object(SERVICE.replace("\"0\"", "\"5\""))))
        .anySatisfy(m -> assertThat(m).contains("min-scale 5 exceeds max-scale 3"));
    assertThat(
            WebhookRules.check(
                object(SERVICE.replace("{path: /ready}}", "{path: /ready}, timeoutSeconds: 2}"))))
        .anySatisfy(m -> assertThat(m).contains("aggressive probing"));
    assertThat(
            WebhookRules.check(
                object(SERVICE.replace("{path: /ready}}", "{path: /ready, port: 9090}}"))))
        .anySatisfy(
            m -> assertThat(m).contains("port must be omitted or be the container port 8080"));
    assertThat(
            WebhookRules.check(
                object(SERVICE.replace("{path: /ready}}", "{path: /ready, port: 8080}}"))))
        .isEmpty();
    String onService =
        SERVICE.replace(
            "metadata: {name: f, namespace: aegis}",
            "metadata: {name: f, annotations: {autoscaling.knative.dev/max-scale: \"3\"}}");
    assertThat(WebhookRules.check(object(onService)))
        .anySatisfy(m -> assertThat(m).contains("belong on spec.template.metadata.annotations"));
    String liveness =
        SERVICE.replace(
            "readinessProbe: {httpGet: {path: /ready}}",
            "livenessProbe: {httpGet: {path: /live}, periodSeconds: 10}");
    assertThat(WebhookRules.check(object(liveness)))
        .anySatisfy(
            m -> assertThat(m).contains("timeoutSeconds and failureThreshold must be at least 1"));
  }

  @Test
  void pingSourceRules() {
    String ping =
        """
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata: {name: p}
        spec:
          schedule: "SCHEDULE"
          contentType: application/json
          data: 'DATA'
          sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
        """;
    for (String ok :
        List.of("* * * * *", "*/5 * * * *", "0 9 * * MON-FRI", "0,30 8-18/2 1 JAN ?", "@hourly")) {
      assertThat(WebhookRules.check(object(ping.replace("SCHEDULE", ok).replace("DATA", "{}"))))
          .as(ok)
          .isEmpty();
    }
    for (String bad :
        List.of(
            "* * * *",
            "0 * * * * *",
            "60 * * * *",
            "* 24 * * *",
            "@every 1m",
            "*/0 * * * *",
            "5-1 * * * *")) {
      assertThat(WebhookRules.check(object(ping.replace("SCHEDULE", bad).replace("DATA", "{}"))))
          .as(bad)
          .isNotEmpty();
    }
    assertThat(
            WebhookRules.check(
                object(ping.replace("SCHEDULE", "* * * * *").replace("DATA", "[1]"))))
        .anySatisfy(m -> assertThat(m).contains("JSON object"));
    assertThat(
            WebhookRules.check(
                object(ping.replace("SCHEDULE", "* * * * *").replace("DATA", "{not json"))))
        .anySatisfy(m -> assertThat(m).contains("not JSON"));
  }

  @Test
  void apiServerSourceRules() {
    String source =
        """
        apiVersion: sources.knative.dev/v1
        kind: ApiServerSource
        metadata: {name: s}
        spec:
          mode: MODE
          resources: [{apiVersion: APIVERSION, kind: Pod, selector: {matchExpressions: [{key: k, operator: OP}]}}]
          sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
        """;
    assertThat(
            WebhookRules.check(
                object(
                    source
                        .replace("MODE", "Resource")
                        .replace("APIVERSION", "v1")
                        .replace("OP", "Exists"))))
        .isEmpty();
    assertThat(
            WebhookRules.check(
                object(
                    source
                        .replace("MODE", "Full")
                        .replace("APIVERSION", "v1")
                        .replace("OP", "Exists"))))
        .anySatisfy(m -> assertThat(m).contains("Resource or Reference"));
    assertThat(
            WebhookRules.check(
                object(
                    source
                        .replace("MODE", "Resource")
                        .replace("APIVERSION", "argoproj.io")
                        .replace("OP", "Exists"))))
        .anySatisfy(m -> assertThat(m).contains("apiVersion"));
    assertThat(
            WebhookRules.check(
                object(
                    source
                        .replace("MODE", "Resource")
                        .replace("APIVERSION", "v1")
                        .replace("OP", "In"))))
        .anySatisfy(m -> assertThat(m).contains("In needs values"));
  }

  @Test
  void A46_loopDetectionFindsACycleThroughSeveralFunctions() {
    List<String> path = new ArrayList<>();
    boolean cycle =
        EventRoutingTest.cycleFrom(
            "a",
            Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")),
            path,
            new java.util.HashSet<>());
    assertThat(cycle).isTrue();
    assertThat(path).containsExactly("a", "b", "c", "a");
    assertThat(
            EventRoutingTest.cycleFrom(
                "a",
                Map.of("a", Set.of("b"), "b", Set.of()),
                new ArrayList<>(),
                new java.util.HashSet<>()))
        .isFalse();
  }

  @Test
  void upstreamCrdCopiesAreTheFilesTheReadmeLists() throws Exception {
    String readme;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("upstream-crds/README.md")) {
      readme = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    int checked = 0;
    for (String line : readme.lines().toList()) {
      String[] cells = line.split("\\|");
      if (cells.length < 7 || !cells[1].strip().endsWith(".yaml")) {
        continue;
      }
      String resource = "upstream-crds/" + cells[1].strip();
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          continue; // only the CRDs these tests need are copied
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        assertThat(HexFormat.of().formatHex(digest))
            .as(resource)
            .isEqualTo(cells[cells.length - 1].strip());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(6);
  }
}
