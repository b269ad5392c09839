package io.aegis.bench;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The first request of a cold start, per function: the CloudEvent the function gets most often in
 * production, with the API objects it needs created beforehand in a fresh embedded API (fabric8's
 * mock server in CRUD mode with the CRDs). The event is answered 2xx when the function works; a
 * module without a function bean yet answers 404 and is then measured to its readiness probe.
 */
public final class Probes {
  /**
   * Namespace of alerts, rules and templates (parse-alert's default {@code aegis.alert.namespace}).
   */
  public static final String NS = "monitoring";

  /** One CloudEvent in binary mode. */
  public record Event(
      String type, String source, String subject, Map<String, String> extensions, String json) {
    public HttpRequest request(URI base) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve("/"))
              .timeout(Duration.ofSeconds(60))
              .header("Ce-Specversion", "1.0")
              .header("Ce-Id", UUID.randomUUID().toString())
              .header("Ce-Type", type)
              .header("Ce-Source", source)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
      if (subject != null) {
        b.header("Ce-Subject", subject);
      }
      extensions.forEach((k, v) -> b.header("Ce-" + capitalize(k), v));
      return b.build();
    }

    private static String capitalize(String s) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }

  /** Creates the function's fixtures in {@code api} and returns the event to send. */
  public static Event prepare(String function, KubeTestSupport api) {
    KubernetesClient client = api.client();
    ensureNamespace(client, NS);
    return switch (function) {
      case "parse-alert" ->
          new Event(
              "io.aegis.alert.custom.v1",
              "/bench/alerts",
              null,
              Map.of(),
              """
              {"type":"NodeHasEmergencyEvent","status":"Firing",
               "involvedObject":{"kind":"Node","name":"node-1"},
               "details":{"reason":"bench","rack":"r1"}}""");
      case "match-rule" -> {
        AegisOpsTemplate template = create(client, template());
        create(client, rule(template));
        AegisAlert alert = create(client, alert());
        String ref = ref(alert);
        yield new Event(
            "io.aegis.alert.recorded.v1",
            "/aegis/parse-alert",
            NS + "/" + alert.getMetadata().getName(),
            Map.of(),
            "{\"alert\":"
                + ref
                + ",\"type\":\"NodeHasEmergencyEvent\",\"status\":\"Firing\",\"fingerprint\":\"bench-fp\",\"count\":1,\"created\":true}");
      }
      case "render-submit" -> {
        AegisOpsTemplate template = create(client, template());
        AegisAlertOpsRule rule = create(client, rule(template));
        AegisAlert alert = create(client, alert());
        yield new Event(
            "io.aegis.alert.matched.v1",
            "/aegis/match-rule",
            NS + "/" + alert.getMetadata().getName(),
            Map.of(),
            "{\"alert\":"
                + ref(alert)
                + ",\"rule\":"
                + ref(rule)
                + ",\"template\":"
                + ref(template)
                + "}");
      }
      case "track-status" -> {
        AegisAlert alert = create(client, alert());
        GenericKubernetesResource wf = workflow(alert);
        // render-submit has run: the alert is Triggered with this workflow, which is now Running.
        alert.setStatus(
            Serialization.unmarshal(
                """
                {"status":"Firing","count":1,"startTime":"2026-11-21T00:00:00Z",
                 "opsStatus":{"triggerStatus":"Triggered","alertOpsStatus":"Pending","total":1,
                  "workflow":"%s","rule":"bench-rule","template":"bench-cordon"}}"""
                    .formatted(wf.getMetadata().getName()),
                AegisAlertStatus.class));
        client.resource(alert).inNamespace(NS).updateStatus();
        GenericKubernetesResource stored =
            client
                .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
                .inNamespace(NS)
                .resource(wf)
                .create();
        yield new Event(
            "dev.knative.apiserver.resource.update",
            "https://kubernetes.default.svc",
            null,
            Map.of(
                "kind",
                "Workflow",
                "apiversion",
                "argoproj.io/v1alpha1",
                "name",
                stored.getMetadata().getName(),
                "namespace",
                NS),
            Serialization.asJson(stored));
      }
      case "diagnose" -> {
        Node node =
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        client.nodes().resource(node).create();
        AegisDiagnosis d =
            Serialization.unmarshal(
                """
                {"apiVersion":"aegis.io/v1alpha1","kind":"AegisDiagnosis",
                 "metadata":{"name":"bench-diagnosis","namespace":"monitoring"},
                 "spec":{"object":{"kind":"Node","name":"node-1"}}}""",
                AegisDiagnosis.class);
        AegisDiagnosis stored = create(client, d);
        yield new Event(
            "dev.knative.apiserver.resource.add",
            "https://kubernetes.default.svc",
            null,
            Map.of(
                "kind",
                "AegisDiagnosis",
                "apiversion",
                "aegis.io/v1alpha1",
                "name",
                stored.getMetadata().getName(),
                "namespace",
                NS),
            Serialization.asJson(stored));
      }
      case "healthcheck-cron" ->
          new Event(
              "dev.knative.sources.ping",
              "/apis/v1/namespaces/aegis/pingsources/aegis-healthcheck",
              null,
              Map.of(),
              "{\"kind\":\"healthcheck\"}");
      default -> throw new IllegalArgumentException("unknown function " + function);
    };
  }

  static void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
      client.namespaces().resource(ns).create();
    }
  }

  static <T extends HasMetadata> T create(KubernetesClient client, T object) {
    return client.resource(object).inNamespace(NS).create();
  }

  static String ref(HasMetadata o) {
    Map<String, String> ref = new LinkedHashMap<>();
    ref.put("namespace", o.getMetadata().getNamespace());
    ref.put("name", o.getMetadata().getName());
    ref.put("uid", o.getMetadata().getUid());
    return Serialization.asJson(ref);
  }

  static AegisOpsTemplate template() {
    return Serialization.unmarshal(
        """
        apiVersion: aegis.io/v1alpha1
        kind: AegisOpsTemplate
        metadata:
          name: bench-cordon
          namespace: monitoring
        spec:
          manifest: |
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              generateName: cordon-
            spec:
              entrypoint: main
              serviceAccountName: aegis-workflow
              templates:
              - name: main
                container:
                  image: bitnami/kubectl:latest
                  command: [kubectl, cordon, "[=InvolvedObjectName]"]
        """,
        AegisOpsTemplate.class);
  }

  static AegisAlertOpsRule rule(AegisOpsTemplate template) {
    return Serialization.unmarshal(
        """
        apiVersion: aegis.io/v1alpha1
        kind: AegisAlertOpsRule
        metadata:
          name: bench-rule
          namespace: monitoring
        spec:
          alertConditions:
          - type: NodeHasEmergencyEvent
            status: Firing
          opsTemplate:
            kind: AegisOpsTemplate
            apiVersion: aegis.io/v1alpha1
            namespace: monitoring
            name: %s
        """
            .formatted(template.getMetadata().getName()),
        AegisAlertOpsRule.class);
  }

  static AegisAlert alert() {
    return Serialization.unmarshal(
        """
        apiVersion: aegis.io/v1alpha1
        kind: AegisAlert
        metadata:
          name: default-nodehasemergencyevent-bench
          namespace: monitoring
          labels:
            alert-source-type: Default
            alert-type: NodeHasEmergencyEvent
            alert-status: Firing
            fingerprint: bench-fp
            aegis.io/node: node-1
        spec:
          source: Default
          type: NodeHasEmergencyEvent
          status: Firing
          involvedObject:
            kind: Node
            name: node-1
            node: node-1
          details:
            reason: bench
          fingerprint: bench-fp
        """,
        AegisAlert.class);
  }

  static GenericKubernetesResource workflow(AegisAlert alert) {
    return Serialization.unmarshal(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: %1$s-abcde
          namespace: monitoring
          labels:
            aegis.io/alert: %1$s
            app.kubernetes.io/managed-by: aegis
          ownerReferences:
          - apiVersion: aegis.io/v1alpha1
            kind: AegisAlert
            name: %1$s
            uid: %2$s
            controller: true
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: busybox
              command: [true]
        status:
          phase: Running
          startedAt: "2026-11-21T00:00:00Z"
        """
            .formatted(alert.getMetadata().getName(), alert.getMetadata().getUid()),
        GenericKubernetesResource.class);
  }

  private Probes() {}
}
