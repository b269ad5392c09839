package io.aegis.rendersubmit;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** AegisAlerts for tests; {@link #readme()} is ACCEPTANCE.md's "README alert" as recorded. */
public final class TestAlerts {
  public static final String NAMESPACE = "monitoring";
  public static final String README_NAME = "default-nodehasemergencyevent-9njt4";

  private TestAlerts() {}

  /** The README alert recorded in {@code monitoring}, with system parameter {@code cluster: c1}. */
  public static AegisAlert readme() {
    return node(README_NAME, "dev1", Map.of("startAt", "2022021122", "node", "dev1"));
  }

  /** A firing NodeHasEmergencyEvent alert about {@code node} with the given details. */
  public static AegisAlert node(String name, String node, Map<String, String> details) {
    AegisAlert alert = new AegisAlert();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alert-source-type", "Default");
    labels.put("alert-type", "NodeHasEmergencyEvent");
    labels.put("alert-status", "Firing");
    labels.put("fingerprint", "5f972974ccf1ee9b");
    labels.put("node", "dev1");
    alert.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withUid("0b6e3e52-6d0e-4c4e-9d59-" + Integer.toHexString(name.hashCode()))
            .withLabels(labels)
            .withAnnotations(Map.of("cluster", "c1"))
            .build());
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = "NodeHasEmergencyEvent";
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject("Node", node, null, node);
    spec.details = new LinkedHashMap<>(details);
    spec.fingerprint = "5f972974ccf1ee9b";
    alert.setSpec(spec);
    AegisAlertStatus status = new AegisAlertStatus();
    status.status = AlertStatus.Firing;
    status.count = 1;
    alert.setStatus(status);
    return alert;
  }
}
