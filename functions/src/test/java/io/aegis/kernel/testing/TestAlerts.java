package io.aegis.kernel.testing;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.crd.InvolvedObject;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Small builders of {@link AegisAlert} objects for tests (spec only; status is written later). */
public final class TestAlerts {
  /** Namespace the acceptance cases record alerts in. */
  public static final String NAMESPACE = "monitoring";

  /** A Firing {@code Default} alert about node {@code dev1}, named {@code name} in monitoring. */
  public static AegisAlert firing(String name, String type) {
    AegisAlert alert = new AegisAlert();
    alert.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    AegisAlertSpec spec = new AegisAlertSpec();
    spec.source = AlertSource.Default;
    spec.type = type;
    spec.status = AlertStatus.Firing;
    spec.involvedObject = new InvolvedObject("Node", "dev1", null, "dev1");
    spec.details.put("node", "dev1");
    spec.fingerprint = "5f972974ccf1ee9b";
    alert.setSpec(spec);
    return alert;
  }

  private TestAlerts() {}
}
