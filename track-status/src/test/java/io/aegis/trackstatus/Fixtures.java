package io.aegis.trackstatus;

import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisAlertOpsRuleSpec;
import io.aegis.kernel.crd.AegisAlertOpsRuleStatus;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.crd.AegisOpsTemplateSpec;
import io.aegis.kernel.crd.AegisOpsTemplateStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.ExecuteCounts;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Objects of the README walkthrough as render-submit leaves them (a Triggered/Pending alert, its
 * rule and template with zero counters) and CloudEvents shaped exactly as Knative's ApiServerSource
 * and PingSource emit them (KNATIVE-NOTES §1.2, §2).
 */
final class Fixtures {
  static final String NS = TestWorkflows.NAMESPACE;
  static final String API_SERVER = "https://10.96.0.1:443";
  static final String RECONCILE_SOURCE = "/apis/v1/namespaces/aegis/pingsources/aegis-reconcile";

  private Fixtures() {}

  /** A rule and a template named {@code name}, Recorded, with zero counters. */
  static void ruleAndTemplate(KubernetesClient client, String name) {
    AegisOpsTemplate template = new AegisOpsTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    template.setSpec(new AegisOpsTemplateSpec());
    template.getSpec().manifest = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n";
    template = client.resource(template).create();
    template.setStatus(new AegisOpsTemplateStatus());
    template.getStatus().status = "Recorded";
    template.getStatus().executeStatus = new ExecuteCounts();
    client.resource(template).updateStatus();

    AegisAlertOpsRule rule = new AegisAlertOpsRule();
    rule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    rule.setSpec(new AegisAlertOpsRuleSpec());
    rule = client.resource(rule).create();
    rule.setStatus(new AegisAlertOpsRuleStatus());
    rule.getStatus().status = "Recorded";
    client.resource(rule).updateStatus();
  }

  /** A new alert (no status yet), as parse-alert creates it. */
  static AegisAlert recordedAlert(KubernetesClient client, String name) {
    AegisAlert alert = new AegisAlert();
    alert.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = "NodeHasEmergencyEvent";
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject("Node", "dev1", null, "dev1");
    spec.details.put("node", "dev1");
    spec.details.put("startAt", "2022021122");
    spec.fingerprint = "5f972974ccf1ee9b";
    alert.setSpec(spec);
    alert = client.resource(alert).create();
    alert.setStatus(new AegisAlertStatus());
    alert.getStatus().status = AlertStatus.Firing;
    alert.getStatus().count = 1;
    alert.getStatus().startTime = alert.getMetadata().getCreationTimestamp();
    alert.getStatus().lastSeenTime = alert.getMetadata().getCreationTimestamp();
    return client.resource(alert).updateStatus();
  }

  /**
   * A Triggered/Pending alert whose workflow render-submit just created, with its own rule and
   * template (both named like the alert) so that counters can be checked per alert.
   */
  static AegisAlert triggeredAlert(KubernetesClient client, String name) {
    ruleAndTemplate(client, name);
    AegisAlert alert = recordedAlert(client, name);
    alert.getStatus().opsStatus = new AlertOpsStatus();
    alert.getStatus().opsStatus.triggerStatus = TriggerStatus.Triggered;
    alert.getStatus().opsStatus.alertOpsStatus = OpsStatus.Pending;
    alert.getStatus().opsStatus.total = 1;
    alert.getStatus().opsStatus.workflow = TestWorkflows.workflowOf(name);
    alert.getStatus().opsStatus.rule = NS + "/" + name;
    alert.getStatus().opsStatus.template = NS + "/" + name;
    return client.resource(alert).updateStatus();
  }

  static AegisAlert alert(KubernetesClient client, String name) {
    return client.resources(AegisAlert.class).inNamespace(NS).withName(name).get();
  }

  static ExecuteCounts templateCounts(KubernetesClient client, String name) {
    return client
        .resources(AegisOpsTemplate.class)
        .inNamespace(NS)
        .withName(name)
        .get()
        .getStatus()
        .executeStatus;
  }

  static ExecuteCounts ruleCounts(KubernetesClient client, String name) {
    return client
        .resources(AegisAlertOpsRule.class)
        .inNamespace(NS)
        .withName(name)
        .get()
        .getStatus()
        .triggerStatus;
  }

  /** A {@code dev.knative.apiserver.resource.*} event in Resource mode about {@code workflow}. */
  static InboundEvent workflowEvent(String type, byte[] workflow) {
    var wf = io.aegis.kernel.json.Json.tree(workflow, "fixture").path("metadata");
    String name = wf.path("name").asText();
    String namespace = wf.path("namespace").asText();
    Map<String, String> extensions = new LinkedHashMap<>();
    extensions.put("kind", "Workflow");
    extensions.put("apiversion", "argoproj.io/v1alpha1");
    extensions.put("name", name);
    extensions.put("namespace", namespace);
    extensions.put("knativearrivaltime", Instant.now().toString());
    return new InboundEvent(
        UUID.randomUUID().toString(),
        type,
        API_SERVER,
        "/apis/argoproj.io/v1alpha1/namespaces/" + namespace + "/workflows/" + name,
        "application/json",
        extensions,
        workflow);
  }

  static InboundEvent update(byte[] workflow) {
    return workflowEvent(EventTypes.APISERVER_UPDATE, workflow);
  }

  static InboundEvent ping(String source) {
    return new InboundEvent(
        UUID.randomUUID().toString(),
        EventTypes.PING,
        source,
        null,
        "application/json",
        Map.of("knativearrivaltime", Instant.now().toString()),
        "{\"reconcile\":true}".getBytes());
  }

  /** Collects what would be posted to K_SINK. */
  static final class RecordingPublisher implements EventPublisher {
    final List<Reply> published = new CopyOnWriteArrayList<>();
    final List<String> ids = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String id, Reply event) {
      ids.add(id);
      published.add(event);
    }
  }

  /** A clock tests move forward. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.now();

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
