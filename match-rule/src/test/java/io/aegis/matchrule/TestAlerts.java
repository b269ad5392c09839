package io.aegis.matchrule;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.events.ResourceRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds AegisAlerts as parse-alert records them, and the matching alert.recorded events. */
final class TestAlerts {
  private final AegisAlert alert = new AegisAlert();

  private TestAlerts(String name, String type, String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alert-source-type", "Default");
    labels.put("alert-type", type);
    labels.put("alert-status", "Firing");
    labels.put("fingerprint", "5f972974ccf1ee9b");
    labels.put("node", node);
    labels.put("startAt", "2022021122");
    alert.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(TestRules.NS)
            .withName(name)
            .withLabels(labels)
            .build());
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = type;
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject();
    spec.involvedObject.kind = "Node";
    spec.involvedObject.name = node;
    spec.involvedObject.node = node;
    spec.details.put("startAt", "2022021122");
    spec.details.put("node", node);
    spec.fingerprint = "5f972974ccf1ee9b";
    spec.selector = new LabelSelector(null, Map.copyOf(labels));
    alert.setSpec(spec);
  }

  /** The README alert (NodeHasEmergencyEvent on dev1) under the given name. */
  static AegisAlert readme(String name) {
    return new TestAlerts(name, "NodeHasEmergencyEvent", "dev1").alert;
  }

  static AegisAlert firing(String name, String type) {
    return new TestAlerts(name, type, "dev1").alert;
  }

  static AegisAlert onNode(String name, String type, String node) {
    return new TestAlerts(name, type, node).alert;
  }

  /** The alert.recorded event parse-alert sends for a new episode of {@code alert}. */
  static AlertRecorded created(AegisAlert alert) {
    return recorded(alert, "Firing", 1, true);
  }

  static AlertRecorded recorded(AegisAlert alert, String status, int count, boolean created) {
    return new AlertRecorded(
        new ResourceRef(
            alert.getMetadata().getNamespace(),
            alert.getMetadata().getName(),
            alert.getMetadata().getUid()),
        alert.getSpec().type,
        status,
        alert.getSpec().fingerprint,
        count,
        created);
  }
}
