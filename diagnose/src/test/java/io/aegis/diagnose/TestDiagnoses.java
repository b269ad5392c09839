package io.aegis.diagnose;

import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisSpec;
import io.aegis.kernel.crd.DiagnosisObject;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** AegisDiagnosis objects as a user would apply them. */
final class TestDiagnoses {
  private TestDiagnoses() {}

  static AegisDiagnosis of(
      String namespace, String name, String kind, String objectNs, String objectName) {
    AegisDiagnosis d = new AegisDiagnosis();
    d.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    AegisDiagnosisSpec spec = new AegisDiagnosisSpec();
    spec.object = new DiagnosisObject();
    spec.object.kind = kind;
    spec.object.name = objectName;
    spec.object.namespace = objectNs;
    d.setSpec(spec);
    return d;
  }

  static AegisDiagnosis withTimeout(AegisDiagnosis d, String timeout) {
    d.getSpec().timeout = timeout;
    return d;
  }
}
