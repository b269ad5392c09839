package io.aegis.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered on a static field: one server for the class (the per-test mode is used elsewhere). */
class KubeTestSupportTest {
  @RegisterExtension static final KubeTestSupport kube = new KubeTestSupport();

  @Test
  void installsTheSixAegisCrdsAndArgosWorkflowCrd() {
    assertThat(kube.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "aegisalerts.aegis.io",
            "aegisalertopsrules.aegis.io",
            "aegisopstemplates.aegis.io",
            "aegisdiagnosises.aegis.io",
            "aegisnodehealthchecks.aegis.io",
            "aegisclusterhealthchecks.aegis.io",
            "workflows.argoproj.io");
  }

  @Test
  void argoWorkflowCrdIsNamespacedWithoutStatusSubresource() {
    CustomResourceDefinition crd = KubeTestSupport.argoWorkflowCrd();

    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getVersions().get(0).getName()).isEqualTo("v1alpha1");
    assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNull();
  }

  @Test
  void aegisStatusIsASubresourceUpdateOfTheMainResourceLeavesItAlone() {
    AegisAlert created = kube.create(TestAlerts.firing("sub-1", "T"));
    created.setStatus(new AegisAlertStatus());
    created.getStatus().count = 1;
    AegisAlert withStatus = kube.client().resource(created).updateStatus();

    withStatus.getStatus().count = 99;
    withStatus.getSpec().severity = "critical";
    kube.client().resource(withStatus).update();

    AegisAlert stored =
        kube.client().resources(AegisAlert.class).inNamespace("monitoring").withName("sub-1").get();
    assertThat(stored.getSpec().severity).isEqualTo("critical");
    assertThat(stored.getStatus().count).isEqualTo(1);
  }

  @Test
  void workflowStatusIsPartOfTheMainResource() {
    GenericKubernetesResource workflow =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Workflow")
            .withNewMetadata()
            .withName("wf-1")
            .withNamespace("monitoring")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("entrypoint", "start"))
            .build();
    var workflows =
        kube.client()
            .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
            .inNamespace("monitoring");
    GenericKubernetesResource created = workflows.resource(workflow).create();

    created.getAdditionalProperties().put("status", Map.of("phase", "Running"));
    workflows.resource(created).update();

    assertThat(workflows.withName("wf-1").get().getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Running"));
  }
}
