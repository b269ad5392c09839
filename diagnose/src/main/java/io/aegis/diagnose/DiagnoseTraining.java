package io.aegis.diagnose;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingFixtures;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.events.EventTypes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * diagnose's typical first event for the AOT-cache training run: the ApiServerSource add of a Node
 * diagnosis (see {@link AotTrainingScenario}).
 */
public final class DiagnoseTraining implements AotTrainingScenario {
  private AegisDiagnosis diagnosis;

  @Override
  public void seed(KubernetesClient api) {
    Node node =
        api.getKubernetesSerialization()
            .unmarshal(
                """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"aot-training-node"},
                 "status":{"conditions":[{"type":"Ready","status":"True"}]}}""",
                Node.class);
    api.nodes().resource(node).create();
    diagnosis =
        TrainingFixtures.create(
            api,
            """
            {"apiVersion":"aegis.io/v1alpha1","kind":"AegisDiagnosis",
             "metadata":{"name":"aot-training-diagnosis","namespace":"monitoring"},
             "spec":{"object":{"kind":"Node","name":"aot-training-node"}}}""",
            AegisDiagnosis.class);
  }

  @Override
  public List<TrainingRequest> requests() {
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.APISERVER_ADD,
            "https://kubernetes.default.svc",
            null,
            Map.of(
                "kind",
                "AegisDiagnosis",
                "apiversion",
                "aegis.io/v1alpha1",
                "name",
                diagnosis.getMetadata().getName(),
                "namespace",
                TrainingFixtures.NAMESPACE),
            TrainingFixtures.json(diagnosis)));
  }
}
