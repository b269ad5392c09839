package io.aegis.trackstatus;

import io.aegis.kernel.aot.AotTrainingScenario;
import io.aegis.kernel.aot.TrainingFixtures;
import io.aegis.kernel.aot.TrainingRequest;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.events.EventTypes;
import io.aegis.kernel.kube.ArgoWorkflows;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * track-status's typical first event for the AOT-cache training run: the ApiServerSource update of
 * a Workflow render-submit submitted, now Running (see {@link AotTrainingScenario}).
 */
public final class TrackStatusTraining implements AotTrainingScenario {
  private static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  private GenericKubernetesResource workflow;

  @Override
  public void seed(KubernetesClient api) {
    AegisAlert alert = TrainingFixtures.alert(api);
    String name = alert.getMetadata().getName();
    String workflowName = name + "-fghij";
    alert.setStatus(
        api.getKubernetesSerialization()
            .unmarshal(
                """
                {"status":"Firing","count":1,"startTime":"2026-01-01T00:00:00Z",
                 "opsStatus":{"triggerStatus":"Triggered","alertOpsStatus":"Pending","total":1,
                  "workflow":"%s","rule":"monitoring/aot-training-rule",
                  "template":"monitoring/aot-training-cordon"}}"""
                    .formatted(workflowName),
                AegisAlertStatus.class));
    api.resource(alert).updateStatus();
    GenericKubernetesResource wf =
        api.getKubernetesSerialization()
            .unmarshal(
                """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow",
                 "metadata":{"name":"%1$s","namespace":"monitoring",
                  "labels":{"aegis.io/alert":"%2$s","app.kubernetes.io/managed-by":"aegis"},
                  "ownerReferences":[{"apiVersion":"aegis.io/v1alpha1","kind":"AegisAlert",
                   "name":"%2$s","uid":"%3$s","controller":true}]},
                 "spec":{"entrypoint":"main","templates":[{"name":"main",
                  "container":{"image":"busybox","command":["true"]}}]},
                 "status":{"phase":"Running","startedAt":"2026-01-01T00:00:01Z"}}"""
                    .formatted(workflowName, name, alert.getMetadata().getUid()),
                GenericKubernetesResource.class);
    workflow =
        api.genericKubernetesResources(WORKFLOWS)
            .inNamespace(TrainingFixtures.NAMESPACE)
            .resource(wf)
            .create();
  }

  @Override
  public List<TrainingRequest> requests() {
    return List.of(
        TrainingRequest.cloudEvent(
            EventTypes.APISERVER_UPDATE,
            "https://kubernetes.default.svc",
            null,
            Map.of(
                "kind",
                "Workflow",
                "apiversion",
                "argoproj.io/v1alpha1",
                "name",
                workflow.getMetadata().getName(),
                "namespace",
                TrainingFixtures.NAMESPACE),
            TrainingFixtures.json(workflow)));
  }
}
